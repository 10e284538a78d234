namespace SegmentIQ.Proxy;

/// <summary>
/// Entry point: <c>dotnet SegmentIQ.Proxy.dll --listen http://127.0.0.1:5105 --backend http://127.0.0.1:5103
/// --backend http://127.0.0.1:5104</c> (a named class, so the tests can reference it beside the web app's Program).
/// </summary>
internal static class ProxyProgram
{
    private static async Task<int> Main(string[] args)
    {
        var listen = "http://127.0.0.1:5105";
        var backends = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--listen":
                    listen = args[i + 1];
                    break;
                case "--backend":
                    backends.Add(args[i + 1]);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown option {args[i]}; use --listen URL and --backend URL (repeated).");
                    return 2;
            }
        }

        await using var app = StickyProxy.Build(listen, backends);
        await app.RunAsync();
        return 0;
    }
}
