using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vitrion.TestKit;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>) with the network blocked: every host name resolves to nothing and
/// every request goes to a dead proxy, so that an external request cannot silently succeed. Each run writes a NetLog
/// that <see cref="PageRequests"/> scans for requests the page made.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private readonly string _work;
    private int _runs;

    private HeadlessChromium(string program)
    {
        Program = program;
        _work = References.TempDir("vitrion-chromium");
    }

    /// <summary>The chromium binary.</summary>
    public string Program { get; }

    /// <summary>Finds chromium (skips, or fails under VITRION_REQUIRE_REFERENCES=1, when it is not installed).</summary>
    public static HeadlessChromium Require() => new(References.RequireProgram("chromium", "apt-get install chromium"));

    /// <summary>Runs chromium on <paramref name="url"/> with <paramref name="extra"/> arguments; returns stdout and the NetLog path.</summary>
    public (string Stdout, string NetLog) Run(string url, params string[] extra)
    {
        int n = ++_runs;
        string profile = Path.Combine(_work, $"profile-{n}");
        string netLog = Path.Combine(_work, $"netlog-{n}.json");
        var psi = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--log-net-log=" + netLog,
            "--virtual-time-budget=10000", "--window-size=1400,4000",

            // WebGL for the report's 3D view on a machine without GPU (software rasteriser; only local pages are opened).
            "--enable-unsafe-swiftshader",
        })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in extra) { psi.ArgumentList.Add(a); }
        psi.ArgumentList.Add(url);
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var se = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within 120 s on {url}");
        }

        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {se.Result}");
        return (so.Result, netLog);
    }

    /// <summary>
    /// URLs other than file:, data:, blob:, about: and chrome: that the page asked for, from a NetLog: URL requests
    /// whose initiator is an origin (Chromium's own background requests, e.g. update checks, have "not an origin").
    /// </summary>
    public static List<string> PageRequests(string netLogPath)
    {
        Assert.True(File.Exists(netLogPath), "chromium wrote no NetLog");
        string text = File.ReadAllText(netLogPath).TrimEnd();
        if (!text.EndsWith('}'))
        {
            // NetLog of a process that did not close it: finish the JSON.
            text = text.TrimEnd(',', '\n', '\r', ' ') + "]}";
        }

        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        int startJob = doc.RootElement.GetProperty("constants").GetProperty("logEventTypes").GetProperty("URL_REQUEST_START_JOB").GetInt32();
        var urls = new List<string>();
        int jobs = 0;
        foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
        {
            if (e.GetProperty("type").GetInt32() != startJob || !e.TryGetProperty("params", out var ps) || !ps.TryGetProperty("url", out var u)) { continue; }
            jobs++;
            string url = u.GetString() ?? string.Empty;
            string initiator = ps.TryGetProperty("initiator", out var i) ? i.GetString() ?? string.Empty : string.Empty;
            string scheme = url.Split(':', 2)[0].ToLowerInvariant();
            if (scheme is "file" or "data" or "blob" or "about" or "chrome") { continue; }
            if (initiator == "not an origin") { continue; }
            urls.Add(url);
        }

        return urls;
    }

    /// <summary>Parses the element <c>IMGCHECK key=value ...</c> that <see cref="ImageCheckScript"/> appends to the DOM.</summary>
    public static Dictionary<string, string> ImageCheck(string dom)
    {
        // The element the script adds (the script's own text also holds "IMGCHECK", but not this tag).
        const string Element = "<pre id=\"vitrion-imgcheck\">IMGCHECK ";
        int at = dom.IndexOf(Element, StringComparison.Ordinal);
        Assert.True(at >= 0, "the image check did not run (its element is not in the dumped DOM)");
        int end = dom.IndexOf('<', at + Element.Length);
        string line = dom[(at + Element.Length)..(end < 0 ? dom.Length : end)].Trim();
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal);
    }

    /// <summary>
    /// Script appended to a copy of the page: after the load event it writes, for every &lt;img&gt;, whether it loaded
    /// (complete and naturalWidth &gt; 0) and its natural size, the number of &lt;figure&gt; elements, the ids of the
    /// figures all of whose images loaded (<c>loadedfigs</c>), the canvases with a size inside the 3D view's container
    /// <c>#glass3d</c> (<c>canvas</c>) and that container's <c>data-status</c> with spaces as '_' (<c>view</c>).
    /// </summary>
    public static string ImageCheckScript { get; } = new StringBuilder()
        .Append("<script>window.addEventListener('load',function(){")
        .Append("var im=document.images,ok=0,bad=[],w=[];")
        .Append("for(var i=0;i<im.length;i++){var x=im[i];if(x.complete&&x.naturalWidth>0){ok++;}else{bad.push(i);}w.push(x.naturalWidth+'x'+x.naturalHeight);}")
        .Append("var figs=document.querySelectorAll('figure'),lf=[];")
        .Append("for(var f=0;f<figs.length;f++){var ims=figs[f].querySelectorAll('img'),all=ims.length>0;for(var k=0;k<ims.length;k++){if(!(ims[k].complete&&ims[k].naturalWidth>0)){all=false;}}if(all&&figs[f].id){lf.push(figs[f].id);}}")
        .Append("var host=document.getElementById('glass3d'),cv=0,st='none';")
        .Append("if(host){st=(host.getAttribute('data-status')||'').replace(/\\s+/g,'_');var cs=host.querySelectorAll('canvas');for(var c=0;c<cs.length;c++){if(cs[c].width>0&&cs[c].height>0){cv++;}}}")
        .Append("var p=document.createElement('pre');p.id='vitrion-imgcheck';")
        .Append("p.textContent='IMGCHECK images='+im.length+' loaded='+ok+' figures='+figs.length+' loadedfigs='+lf.join(',')+' canvas='+cv+' view='+st+' bad='+bad.join(',')+' sizes='+w.join(',');")
        .Append("document.body.appendChild(p);});</script>")
        .ToString();

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(_work, true); }
        catch (IOException) { /* chromium may still hold a file */ }
    }
}
