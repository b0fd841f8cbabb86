using Kpipe.Pipeline.Metrics;
using Microsoft.Playwright;

namespace Kpipe.EndToEnd.Tests.Reports;

/// <summary>
/// A stream-metrics run (two job runs over good and bad records, so two or more windows and some dead letters), its
/// <c>kpipe report --html</c> page, and that page opened in headless Chromium, with every request and console message
/// it caused; a full-page screenshot is kept as a test artifact.
/// </summary>
public sealed class HtmlReportPage : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("kpipe-e2e-html-report-");
    private KafkaTestCluster? _cluster;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The bad values produced, each of which must become one dead letter.</summary>
    public static readonly string[] BadValues = ["this is not JSON", "[1, 2, 3]", """{"first_name":"Nobody","gender":"Female"}"""];

    public string TopicDirectory { get; private set; } = "";

    public string HtmlPath { get; private set; } = "";

    public ProcessResult ReportRun { get; private set; } = new(0, "", "");

    /// <summary>The merged metrics as <c>kpipe report</c>'s text shows them, read by its reader.</summary>
    public TopicMetrics Expected { get; private set; } = null!;

    public int GoodValues { get; private set; }

    public IPage Page { get; private set; } = null!;

    public List<string> Requests { get; } = [];

    public List<string> Problems { get; } = [];

    public string Screenshot { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var chromium = Chromium.Executable();
        _cluster = await KafkaTestCluster.StartAsync();
        var topic = await _cluster.CreateTopicAsync(2);
        var output = _directory.File("output");
        var good = (await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json")))
            .Select(line => line.Trim().TrimEnd(','))
            .Where(line => line.StartsWith('{'))
            .Take(400)
            .ToArray();
        GoodValues = good.Length;

        // Two runs of the job, the second resuming the first's checkpoint: the records land in different windows.
        await _cluster.ProduceAsync(topic, 2, good.Take(250).Concat(BadValues));
        await RunJobAsync(topic, output);
        await _cluster.ProduceAsync(topic, 2, good.Skip(250));
        await RunJobAsync(topic, output);

        TopicDirectory = Path.Combine(output, "stream-metrics", topic);
        Expected = Assert.Single((await MetricsReportReader.ReadAsync(TopicDirectory, CancellationToken.None)).Topics);
        HtmlPath = _directory.File("site/report.html");
        ReportRun = await KpipeCli.RunAsync("report", TopicDirectory, "--html", HtmlPath);
        Assert.True(ReportRun.ExitCode == 0, ReportRun.ToString());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
        Page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
        Page.Request += (_, request) => Requests.Add(request.Url);
        Page.RequestFailed += (_, request) => Problems.Add($"request failed: {request.Url} ({request.Failure})");
        Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        Page.PageError += (_, error) => Problems.Add($"page error: {error}");
        var response = await Page.GotoAsync(new Uri(HtmlPath).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Screenshot = TestArtifacts.File("html-report.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot, FullPage = true });
    }

    /// <summary>The values of a data attribute (or several, joined by tabs) of every element a selector matches, in document order.</summary>
    public Task<string[]> AttributesAsync(string selector, params string[] attributes) =>
        Page.EvaluateAsync<string[]>(
            "([selector, attributes]) => [...document.querySelectorAll(selector)].map(e => attributes.map(a => e.getAttribute(a)).join('\\t'))",
            new object[] { selector, attributes });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _directory.Dispose();
    }

    // From the repository root, as make demo runs it, so the job finds the geolocation database make geoip installed.
    private async Task RunJobAsync(string topic, string output)
    {
        var job = await ProcessRunner.RunAsync("dotnet",
            [KpipeCli.Assembly, "job", "run", "stream-metrics", "--topic", topic, "--bootstrap", _cluster!.BootstrapServers, "--window", "1s",
                "--format", "json", "--output", output, "--until-idle", "2s"],
            TimeSpan.FromSeconds(120), workingDirectory: RepositoryRoot.Path);
        Assert.True(job.ExitCode == 0, job.ToString());
    }
}
