using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>The crash a test injects at a <see cref="FaultPoint"/>.</summary>
internal sealed class InjectedCrashException(FaultPoint point) : Exception($"injected crash at {point}");
