using System.Diagnostics;
using System.Text;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Runs <c>vitrion</c> as a separate process (<c>dotnet vitrion.dll ...</c> from the test output folder), so that a
/// test can kill it for real. Output goes to a log file beside the run so that a failure can be diagnosed.
/// </summary>
public sealed class VitrionProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly object _gate = new();

    private VitrionProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Path of vitrion.dll copied next to the tests.</summary>
    public static string Dll
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "vitrion.dll");
            Assert.True(File.Exists(dll), $"vitrion.dll not found next to the tests ({dll})");
            return dll;
        }
    }

    /// <summary>The process (for HasExited and Id).</summary>
    public Process Process => _process;

    /// <summary>Everything printed so far on stdout and stderr, interleaved.</summary>
    public string Output
    {
        get { lock (_gate) { return _out.ToString(); } }
    }

    /// <summary>Starts <c>dotnet vitrion.dll ARGS</c>.</summary>
    public static VitrionProcess Start(params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) { psi.ArgumentList.Add(a); }
        psi.Environment["VITRION_DEBUG"] = "1";
        var p = new Process { StartInfo = psi };
        var vp = new VitrionProcess(p);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (vp._gate) { vp._out.AppendLine(e.Data); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (vp._gate) { vp._out.AppendLine(e.Data); } } };
        Assert.True(p.Start(), "could not start dotnet");
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return vp;
    }

    /// <summary>Runs <c>vitrion ARGS</c> to the end; returns exit code and output. Fails after <paramref name="timeoutSeconds"/>.</summary>
    public static (int Code, string Output) Run(int timeoutSeconds, params string[] args)
    {
        using var vp = Start(args);
        if (!vp.WaitForExit(timeoutSeconds))
        {
            vp.Kill();
            Assert.Fail($"'vitrion {string.Join(' ', args)}' ran longer than {timeoutSeconds} s; output so far:\n{Tail(vp.Output)}");
        }

        return (vp._process.ExitCode, vp.Output);
    }

    /// <summary>Waits for exit (and for the output streams to drain); false on timeout.</summary>
    public bool WaitForExit(int timeoutSeconds)
    {
        if (!_process.WaitForExit(timeoutSeconds * 1000)) { return false; }
        _process.WaitForExit();
        return true;
    }

    /// <summary>Kills the process (SIGKILL, with any children) and waits until it is gone.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already exited */ }
        _process.WaitForExit();
    }

    /// <summary>The last lines of a long output, for assertion messages.</summary>
    public static string Tail(string text, int lines = 40)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited) { Kill(); }
        _process.Dispose();
    }
}
