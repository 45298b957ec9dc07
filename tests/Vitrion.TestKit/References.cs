using System.Diagnostics;
using Xunit;

namespace Vitrion.TestKit;

/// <summary>
/// Locations of shared reference data and external reference programs. A test that needs an external
/// program calls <see cref="RequireProgram"/>: it skips with a visible reason when the program is missing,
/// and fails instead when VITRION_REQUIRE_REFERENCES=1 (as CI sets).
/// </summary>
public static class References
{
    /// <summary>True when references are mandatory (CI).</summary>
    public static bool Required => Environment.GetEnvironmentVariable("VITRION_REQUIRE_REFERENCES") == "1";

    /// <summary>The repository root (the folder holding Vitrion.sln).</summary>
    public static string RepoRoot { get; } = FromMetadata() ?? FindUp("Vitrion.sln") ?? throw new InvalidOperationException("Vitrion.sln not found above " + AppContext.BaseDirectory);

    /// <summary>
    /// An optional override folder (VITRION_SHARED, else ../shared beside the repository when it exists); null when
    /// there is none. The repository's own copy under data/reference is used unless the override holds the file.
    /// </summary>
    public static string? Shared { get; } = Environment.GetEnvironmentVariable("VITRION_SHARED") is { Length: > 0 } env ? Path.GetFullPath(env)
        : Directory.Exists(Path.Combine(RepoRoot, "..", "shared", "reference")) ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared")) : null;

    /// <summary>The repository's reference-data folder (data/reference), shipped with every clone.</summary>
    public static string ReferenceData => Path.Combine(RepoRoot, "data", "reference");

    /// <summary>
    /// Path of a reference file by its path relative to data/reference (e.g. "ariga2022/parameters.json"): the
    /// override folder's copy (<see cref="Shared"/>/reference/…) when it exists, else the repository's copy.
    /// </summary>
    public static string Reference(string relative)
    {
        if (Shared is not null)
        {
            string over = Path.Combine(Shared, "reference", relative);
            if (File.Exists(over)) { return over; }
        }

        return RequireFile(Path.Combine(ReferenceData, relative));
    }

    /// <summary>Path of the force-field authors' 8069-atom 70:30 glass.</summary>
    public static string ReferenceGlass => Reference(Path.Combine("ariga2022", "70Li2S-30P2S5.data"));

    /// <summary>Path of parameters.json.</summary>
    public static string ParametersJson => Reference(Path.Combine("ariga2022", "parameters.json"));

    /// <summary>Path of the repository's force-field file.</summary>
    public static string ForceFieldFile => Path.Combine(RepoRoot, "data", "forcefields", "ariga2022.json");

    /// <summary>Skips (or fails under VITRION_REQUIRE_REFERENCES=1) when <paramref name="path"/> does not exist.</summary>
    public static string RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            Missing($"reference file {path} is missing");
        }

        return path;
    }

    /// <summary>Full path of an external program, or skip/fail when it is not on PATH.</summary>
    public static string RequireProgram(string name, string installHint)
    {
        string? found = Which(name);
        if (found is null)
        {
            Missing($"'{name}' is not installed ({installHint})");
        }

        return found!;
    }

    /// <summary>Checks that /usr/bin/python3 can import the given modules; skip/fail otherwise.</summary>
    public static string RequirePythonModules(string installHint, params string[] modules)
    {
        const string py = "/usr/bin/python3";
        if (!File.Exists(py))
        {
            Missing($"{py} is missing ({installHint})");
        }

        var (code, _, err) = Run(py, "-c \"import " + string.Join(", ", modules) + "\"", null, 60);
        if (code != 0)
        {
            Missing($"python modules {string.Join(",", modules)} unavailable ({installHint}): {err.Trim()}");
        }

        return py;
    }

    /// <summary>Skips the current test, or fails it when references are required.</summary>
    public static void Missing(string reason)
    {
        if (Required)
        {
            Assert.Fail($"{reason}, and VITRION_REQUIRE_REFERENCES=1 forbids skipping");
        }

        Assert.Skip(reason);
    }

    /// <summary>Runs a program; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string file, string arguments, string? workingDirectory = null, int timeoutSeconds = 600)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {arguments} ran longer than {timeoutSeconds} s");
        }

        return (p.ExitCode, so.Result, se.Result);
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Scratch = CreateScratchRegistry();

    /// <summary>
    /// A fresh temporary directory, deleted when the test process exits (set VITRION_KEEP_TEST_FILES=1 to keep
    /// them for inspection).
    /// </summary>
    public static string TempDir(string prefix = "vitrion-test")
    {
        string d = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        Scratch.Add(d);
        return d;
    }

    private static System.Collections.Concurrent.ConcurrentBag<string> CreateScratchRegistry()
    {
        var bag = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Environment.GetEnvironmentVariable("VITRION_KEEP_TEST_FILES") == "1") { return; }
            foreach (var d in bag)
            {
                try { Directory.Delete(d, recursive: true); }
                catch (IOException) { } // still in use by a child process: leave it to the OS's tmp cleaning
                catch (UnauthorizedAccessException) { }
            }
        };
        return bag;
    }

    private static string? FromMetadata()
    {
        var attr = typeof(References).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "VitrionRepoRoot");
        return attr?.Value is string v && File.Exists(Path.Combine(v, "Vitrion.sln")) ? Path.GetFullPath(v) : null;
    }

    private static string? Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (dir.Length == 0) { continue; }
            string p = Path.Combine(dir, name);
            if (File.Exists(p)) { return p; }
        }

        return null;
    }

    private static string? FindUp(string file)
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null)
        {
            if (File.Exists(Path.Combine(d.FullName, file))) { return d.FullName; }
            d = d.Parent;
        }

        // Fall back to the current directory (tests run from the repository).
        d = new DirectoryInfo(Environment.CurrentDirectory);
        while (d is not null)
        {
            if (File.Exists(Path.Combine(d.FullName, file))) { return d.FullName; }
            d = d.Parent;
        }

        return null;
    }
}
