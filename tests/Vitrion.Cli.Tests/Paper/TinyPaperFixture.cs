using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// One uninterrupted <c>vitrion paper --preset tiny</c> run (a separate process), shared by the paper tests: the
/// report test opens its report.html in Chromium, the resume test compares an interrupted and resumed run with it.
/// </summary>
public sealed class TinyPaperFixture : IDisposable
{
    /// <summary>
    /// Worker threads of every paper run in these tests: two, so that the resume test also checks that threaded force
    /// sums are reproducible (PairTerm gives each worker a fixed block of chunks; with dynamic chunk stealing two runs
    /// with the same seeds differed in the last bits and the MD trajectories diverged).
    /// </summary>
    public const int Threads = 2;

    /// <summary>
    /// Hang guard for one tiny run [s]: it takes about 30 s on an idle 2-core machine, but several minutes when the
    /// cores are shared with other test assemblies and long jobs (over 400 s was seen), and it is not a speed test.
    /// </summary>
    public const int TimeoutSeconds = 1500;

    /// <summary>Runs the pipeline into a fresh temporary folder.</summary>
    public TinyPaperFixture()
    {
        Root = References.TempDir("vitrion-paper");
        OutDir = Path.Combine(Root, "uninterrupted");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        (ExitCode, Output) = VitrionProcess.Run(TimeoutSeconds, Args(OutDir));
        Seconds = sw.Elapsed.TotalSeconds;
    }

    /// <summary>Folder holding this fixture's runs.</summary>
    public string Root { get; }

    /// <summary>Output folder of the uninterrupted run.</summary>
    public string OutDir { get; }

    /// <summary>Exit code of the uninterrupted run.</summary>
    public int ExitCode { get; }

    /// <summary>What it printed.</summary>
    public string Output { get; }

    /// <summary>Wall time of the uninterrupted run [s].</summary>
    public double Seconds { get; }

    /// <summary>Command line of a tiny paper run into <paramref name="outDir"/>.</summary>
    public static string[] Args(string outDir, bool resume = false)
    {
        var a = new List<string> { "paper", "--preset", "tiny", "-o", outDir, "--threads", Threads.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (resume) { a.Add("--resume"); }
        return a.ToArray();
    }

    /// <summary>Fails unless the uninterrupted run finished and wrote its report.</summary>
    public void RequireSuccess()
    {
        Assert.True(ExitCode == 0, $"tiny paper run exited with {ExitCode}:\n{VitrionProcess.Tail(Output)}");
        Assert.True(File.Exists(Path.Combine(OutDir, "report.html")), "report.html missing");
        Assert.True(File.Exists(Path.Combine(OutDir, "results.json")), "results.json missing");
        Assert.DoesNotMatch(@"stage \S+ failed:", Output);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("VITRION_KEEP_TEST_OUTPUT") == "1") { return; }
        try { Directory.Delete(Root, true); }
        catch (IOException) { /* best effort */ }
    }
}

/// <summary>The paper tests share one uninterrupted tiny run.</summary>
[CollectionDefinition(Name)]
public sealed class TinyPaperCollection : ICollectionFixture<TinyPaperFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "tiny paper run";
}
