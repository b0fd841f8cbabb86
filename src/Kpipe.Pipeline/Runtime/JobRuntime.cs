using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Kafka;
using Kpipe.Pipeline.Windows;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// Runs a job over a topic in processing-time micro-batches with exactly-once output: each batch's plan goes to the
/// checkpoint before it runs, its files appear by rename, its commit entry follows, and only then are its offsets
/// committed to the consumer group. A restart re-runs a planned but uncommitted batch over exactly its recorded ranges,
/// less those of partitions that another instance of the group has taken over and read since.
/// A batch executes in the background while the next one is consumed, so the two share the machine's cores.
/// </summary>
public sealed class JobRuntime
{
    private readonly IJob _job;
    private readonly JobOptions _options;
    private readonly ILogger<JobRuntime> _logger;
    private readonly TimeProvider _time;
    private readonly IFaultInjector _faults;
    private readonly WindowPlanner _planner;
    private readonly Checkpoint _checkpoint;
    private readonly string _outputRoot;

    /// <summary>Creates a runtime for <paramref name="job"/>; <paramref name="faults"/> is the crash-injection seam for tests.</summary>
    public JobRuntime(IJob job, JobOptions options, ILogger<JobRuntime> logger, TimeProvider? time = null, IFaultInjector? faults = null)
    {
        _job = job;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _faults = faults ?? new NoFaults();
        _planner = new WindowPlanner(options.Window);
        _checkpoint = new Checkpoint(options.EffectiveCheckpointDirectory(job.Name));
        _outputRoot = options.JobOutputDirectory(job.Name);
    }

    /// <summary>
    /// Records per batch at most (a window with more is cut into several batches), which bounds memory: one running
    /// batch and one being consumed.
    /// </summary>
    public int MaxRecordsPerBatch { get; init; } = 200_000;

    /// <summary>Told a few times a second which window is being consumed and how far each partition lags, if set.</summary>
    public IJobObserver? Observer { get; init; }

    /// <summary>Runs until cancelled, idle or the batch limit; the consuming loop runs on its own thread.</summary>
    public Task<JobRunResult> RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => RunCoreAsync(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task<JobRunResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var run = new JobRun(_job, _options, _logger, _time, _faults, _checkpoint, _outputRoot);
        await run.RestoreAsync(cancellationToken);
        _logger.Starting(_job.Name, _options.Topic, _options.EffectiveGroupId(_job.Name), _checkpoint.Directory, run.NextBatchId);
        using var deadLetters = _options.DeadLetterTopic is null
            ? null
            : new DeadLetterPublisher(KafkaConfigs.DeadLetterProducer(_options.BootstrapServers, _options.InstanceId, _options.KafkaSettings), _options.DeadLetterTopic, _options.Topic);
        run.DeadLetters = deadLetters;
        run.Observer = Observer;
        // A planned but uncommitted batch re-runs once the group has said which partitions are this instance's.
        run.Pending = await _checkpoint.ReadPlanAsync(run.NextBatchId, cancellationToken);
        var reason = await new ConsumingLoop(run, _planner, MaxRecordsPerBatch, cancellationToken).RunAsync();
        _logger.Stopping(reason);
        return new JobRunResult(run.Batches, run.Records, run.Replayed, reason, run.FirstRecordAt);
    }
}
