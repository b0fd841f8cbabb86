namespace Kpipe.Reliability;

/// <summary>Every scenario of the campaign, in the order it runs and RELIABILITY.md lists it.</summary>
public static class Scenarios
{
    /// <summary>The campaign's scenarios.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new CrashScenario(),
        new GroupsRestartScenario(),
        new DamagedStorageScenario(),
        new DiskFullScenario(),
        new BadDataScenario(),
        new LoadScenario(),
        new JobFaultsScenario(),
        new FuzzDecoderScenario(),
        new FuzzLiveScenario(),
    ];
}
