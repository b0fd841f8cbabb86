namespace Kpipe.Pipeline.Jobs.Registry;

/// <summary>A registered job: its name, the original alias, what it does, and how to build it.</summary>
public sealed record JobDescriptor(string Name, string Alias, string Description, Func<JobContext, IJob> Create);
