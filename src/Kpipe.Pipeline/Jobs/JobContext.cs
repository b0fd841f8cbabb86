using Kpipe.Pipeline.Enrichment;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Jobs;

/// <summary>What a job is built with: its options, the IP enricher, the terminal it prints to, and logging.</summary>
public sealed record JobContext(JobOptions Options, IIpEnricher Enricher, TextWriter Terminal, ILoggerFactory LoggerFactory)
{
    /// <summary>Who watches the job's windows (a live view), if anyone.</summary>
    public IJobObserver? Observer { get; init; }
}
