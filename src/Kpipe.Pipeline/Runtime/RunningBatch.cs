namespace Kpipe.Pipeline.Runtime;

/// <summary>The one batch a job runtime executes in the background while it consumes the next, if any.</summary>
internal sealed class RunningBatch
{
    private Entry? _current;

    /// <summary>True when a batch has started and has not been taken yet, finished or not.</summary>
    public bool HasBatch => _current is not null;

    /// <summary>True when a batch runs and has finished, successfully or not.</summary>
    public bool IsCompleted => _current?.Execution.IsCompleted == true;

    /// <summary>Records the batch just started; only one runs at a time.</summary>
    public void Start(BatchPlan plan, SealedRecords records, Task execution)
    {
        if (_current is not null)
        {
            throw new InvalidOperationException($"batch {_current.Plan.BatchId} still runs; batch {plan.BatchId} cannot start");
        }
        _current = new Entry(plan, records, execution);
    }

    /// <summary>Hands over the running batch, if any, leaving none.</summary>
    public Entry? Take()
    {
        var current = _current;
        _current = null;
        return current;
    }

    /// <summary>A started batch: its plan, its records and the task that executes it.</summary>
    public sealed record Entry(BatchPlan Plan, SealedRecords Records, Task Execution);
}
