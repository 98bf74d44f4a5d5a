using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven through Debian's chromedriver (Selenium never downloads a
/// browser or a driver here: both paths are given). A profile of its own in a temporary folder,
/// a phone-sized window, and nothing that calls out to the network. When either program is
/// missing, starting fails and says what to install.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly string _profile;

    private HeadlessChromium(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the screenshots go: <c>TestResults/browser/</c> at the repository root.</summary>
    public static string ScreenshotFolder => Path.Combine(LocalProcess.RepositoryRoot(), "TestResults", "browser");

    public static HeadlessChromium Start()
    {
        var missing = new[] { (BrowserPath, "chromium"), (DriverPath, "chromium-driver") }.Where(program => !File.Exists(program.Item1)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium and its driver; missing: {string.Join(", ", missing.Select(m => m.Item1))}. " +
                $"Install them with: apt-get install {string.Join(' ', missing.Select(m => m.Item2))} (.ci/run does).");
        }

        var profile = Directory.CreateTempSubdirectory("switchyard-chromium-").FullName;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-default-browser-check",
            $"--user-data-dir={profile}", "--window-size=412,1000");
        try
        {
            return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
        }
        catch (WebDriverException e)
        {
            service.Dispose();
            Directory.Delete(profile, recursive: true);
            throw new InvalidOperationException($"Chromium ({BrowserPath}) did not start under {DriverPath}: {e.Message}", e);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> and the page shown when it does not in time.</summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < WaitLimit)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // The page is changing under the query (a navigation in progress): ask again.
            }

            Thread.Sleep(100);
        }

        throw new AssertionException($"Waited {WaitLimit.TotalSeconds} s for {what}; the browser shows {Driver.Url}:\n{Driver.FindElement(By.TagName("body")).Text}");
    }

    /// <summary>Saves what the window shows as <c>TestResults/browser/{name}.png</c> and returns the path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A Chromium child process may still be closing a file; the folder is a temporary one.
        }
    }
}
