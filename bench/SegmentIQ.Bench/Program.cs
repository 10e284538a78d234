namespace SegmentIQ.Bench;

/// <summary>The benchmark's entry point (a named class, so the tests can reference the bench beside the web app's Program).</summary>
internal static class Program
{
    private static int Main(string[] args) => BenchRunner.Run(args);
}
