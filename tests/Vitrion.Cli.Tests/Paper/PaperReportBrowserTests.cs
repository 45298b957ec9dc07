using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SkiaSharp;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issues #10 and #20: the report of a real (tiny) paper run is self-contained and renders in headless Chromium with
/// the network blocked; every paper figure (one per finding, compositions overlaid, SVG) and every per-composition plot
/// loads, the 3D view draws its canvas, and nothing is requested from outside.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed partial class PaperReportBrowserTests(TinyPaperFixture run)
{
    private const string PngDataPrefix = "data:image/png;base64,";
    private const string SvgDataPrefix = "data:image/svg+xml;base64,";

    /// <summary>The figures of the paper the report must hold (anchor ids), each with at least one SVG image.</summary>
    public static readonly string[] PaperFigureIds = ["fig1b", "fig1d", "fig2a", "fig2b", "fig3b", "fig3e", "fig3f", "fig4bc", "fig4d", "figs1", "figs4"];

    [Fact]
    public void Report_IsSelfContained_AndShowsEveryFigureTheRunDrewOnce()
    {
        run.RequireSuccess();
        string html = File.ReadAllText(Path.Combine(run.OutDir, "report.html"));

        // Scripts are inline (the 3D viewer): none loads a file, and their code is not markup, so the scan below skips it.
        Assert.DoesNotMatch(@"(?i)<script[^>]*\bsrc\s*=", html);
        Assert.Contains("$3Dmol", html, StringComparison.Ordinal);
        string markup = ScriptBody().Replace(html, "<script></script>");

        // No external references in attributes, styles or imports; every attribute value is quoted.
        Assert.Empty(UnquotedUrlAttribute().Matches(markup).Select(m => m.Value));
        Assert.DoesNotContain("@import", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)<(link|iframe|object|embed|base)\b", markup);
        foreach (Match m in CssUrl().Matches(markup))
        {
            Assert.True(m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal), $"url({m.Groups[1].Value}) is not embedded");
        }

        var ids = IdAttribute().Matches(markup).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var pngs = new List<byte[]>();
        var svgs = new List<byte[]>();
        var hrefs = new List<string>();
        foreach (Match m in UrlAttribute().Matches(markup))
        {
            string name = m.Groups[1].Value.ToLowerInvariant();
            string value = WebUtility.HtmlDecode(m.Groups[3].Value).Trim();
            Assert.False(value.StartsWith("//", StringComparison.Ordinal), $"protocol-relative URL in {name}: {value}");
            Assert.False(Scheme().IsMatch(value) && !value.StartsWith("data:", StringComparison.Ordinal), $"{name} with a URL scheme: {Shorten(value)}");
            if (name == "src")
            {
                if (value.StartsWith(PngDataPrefix, StringComparison.Ordinal)) { pngs.Add(Convert.FromBase64String(value[PngDataPrefix.Length..])); }
                else if (value.StartsWith(SvgDataPrefix, StringComparison.Ordinal)) { svgs.Add(Convert.FromBase64String(value[SvgDataPrefix.Length..])); }
                else { Assert.Fail($"image not embedded as a PNG or SVG data: URI: {Shorten(value)}"); }
            }
            else if (name == "href")
            {
                if (value.StartsWith('#'))
                {
                    Assert.Contains(value[1..], ids);
                }
                else
                {
                    // File links are relative to the report's folder and point at files (or folders) of the run.
                    Assert.False(value.StartsWith('/'), $"absolute path in href: {value}");
                    string target = Path.Combine(run.OutDir, value);
                    Assert.True(File.Exists(target) || Directory.Exists(target), $"href to a missing file: {value}");
                    hrefs.Add(value.TrimEnd('/'));
                }
            }
            else
            {
                Assert.Fail($"unexpected URL attribute {name}={Shorten(value)}");
            }
        }

        Assert.True(hrefs.Count > 0, "no file links found: the attribute scan is broken");

        // Every paper figure is there, as vector graphics, and the main figures are exactly the SVGs in figures/, each
        // once, with the PNG of the same figure (for slides) linked rather than embedded.
        AssertPaperFigures(markup);
        string figDir = Path.Combine(run.OutDir, "figures");
        var svgOnDisk = Directory.EnumerateFiles(figDir, "*.svg").ToList();
        Assert.Equal(Hashes(svgOnDisk.Select(File.ReadAllBytes)), Hashes(svgs));
        Assert.All(svgs, b => Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(b), StringComparison.Ordinal));
        foreach (var svg in svgOnDisk)
        {
            string png = Path.ChangeExtension(svg, ".png");
            Assert.True(File.Exists(png), $"no PNG beside {Path.GetFileName(svg)}");
            Assert.Contains("figures/" + Path.GetFileName(png), hrefs);
        }

        // Every PNG a stage drew is embedded once (in the collapsed per-composition groups); the slide PNGs are not.
        Assert.All(pngs, png => Assert.True(PngSize(png).Width > 0));
        var stagePngs = Directory.EnumerateFiles(run.OutDir, "*.png", SearchOption.AllDirectories).Where(f => !f.StartsWith(figDir, StringComparison.Ordinal)).ToList();
        Assert.True(stagePngs.Count >= 30, $"the tiny run drew only {stagePngs.Count} per-composition figures");
        var embeddedPng = Hashes(pngs);
        var missing = stagePngs.Where(f => !embeddedPng.Contains(Hash(File.ReadAllBytes(f)))).Select(f => Path.GetRelativePath(run.OutDir, f)).ToList();
        Assert.True(missing.Count == 0, "figures drawn but not in the report: " + string.Join(", ", missing));
        Assert.Equal(Hashes(stagePngs.Select(File.ReadAllBytes)), embeddedPng);
        Assert.Equal(svgs.Count + pngs.Count, ImgTag().Matches(markup).Count);

        // Per-composition plots sit in collapsed sections below the main figures; ids are unique.
        Assert.True(Regex.Matches(markup, "<details>").Count >= 5, "per-composition plots are not in collapsed sections");
        Assert.DoesNotContain("figure not produced", markup, StringComparison.Ordinal);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Report_RendersInHeadlessChromium_WithEveryFigureLoaded_The3DView_AndNoExternalRequest()
    {
        run.RequireSuccess();
        using var chromium = HeadlessChromium.Require();
        string report = Path.Combine(run.OutDir, "report.html");
        string html = File.ReadAllText(report);
        var sizes = ImageDataUri().Matches(html).Select(m => m.Groups[1].Value == "png"
            ? PngSize(Convert.FromBase64String(m.Groups[2].Value))
            : SvgSize(Convert.FromBase64String(m.Groups[2].Value))).ToList();
        int figures = Regex.Matches(html, "<figure[ >]").Count;
        Assert.True(figures >= 30, $"only {figures} figures in the report");
        Assert.True(new FileInfo(report).Length < 10_000_000, $"report.html is {new FileInfo(report).Length} bytes (limit 10 MB)");

        // (b) Screenshot of the unmodified page: a real rendering, not a blank or uniform page.
        string shot = Path.Combine(run.Root, "report-screenshot.png");
        var (_, netShot) = chromium.Run(new Uri(report).AbsoluteUri, "--screenshot=" + shot, "--hide-scrollbars");
        Assert.True(File.Exists(shot), "no screenshot written");
        Assert.True(new FileInfo(shot).Length > 20_000, $"screenshot is only {new FileInfo(shot).Length} bytes");
        using (var bmp = SKBitmap.Decode(shot))
        {
            Assert.NotNull(bmp);
            Assert.Equal(1400, bmp.Width);
            Assert.True(bmp.Height >= 3000, $"screenshot height {bmp.Height}");
            var colours = new HashSet<uint>();
            long dark = 0, samples = 0;
            for (int y = 0; y < bmp.Height; y += 3)
            {
                for (int x = 0; x < bmp.Width; x += 3)
                {
                    var c = bmp.GetPixel(x, y);
                    colours.Add((uint)c);
                    samples++;
                    if (c.Red + c.Green + c.Blue < 600) { dark++; }
                }
            }

            Assert.True(colours.Count > 50, $"screenshot has only {colours.Count} colours");
            double inked = (double)dark / samples;
            Assert.InRange(inked, 0.005, 0.9);
        }

        // (c) The DOM after load, on a copy of the page (same folder) with a small script that records every image,
        // which figures loaded whole, and the 3D view's canvas.
        string probe = Path.Combine(run.OutDir, ".report-imgcheck.html");
        int body = html.LastIndexOf("</body>", StringComparison.Ordinal);
        Assert.True(body > 0, "no </body> in the report");
        File.WriteAllText(probe, html[..body] + HeadlessChromium.ImageCheckScript + html[body..]);
        string netDom;
        Dictionary<string, string> check;
        try
        {
            (string dom, netDom) = chromium.Run(new Uri(probe).AbsoluteUri, "--dump-dom");
            check = HeadlessChromium.ImageCheck(dom);
        }
        finally
        {
            File.Delete(probe);
        }

        Assert.Equal(figures.ToString(CultureInfo.InvariantCulture), check["figures"]);
        Assert.Equal(sizes.Count.ToString(CultureInfo.InvariantCulture), check["images"]);
        Assert.True(check["loaded"] == check["images"], $"{check["loaded"]} of {check["images"]} images loaded; not loaded: #{check["bad"]}");
        Assert.Equal(string.Join(',', sizes.Select(s => $"{s.Width}x{s.Height}")), check["sizes"]);
        var loadedFigures = check["loadedfigs"].Split(',', StringSplitOptions.RemoveEmptyEntries);
        foreach (var id in PaperFigureIds) { Assert.Contains(id, loadedFigures); }

        // The 3D view: the viewer ran (every atom of the frame) and drew into a canvas.
        Assert.True(check["canvas"] != "0", $"no canvas in the 3D view (status {check["view"]})");
        var atoms = File.ReadLines(Path.Combine(run.OutDir, "figures", "glass-p2s6-05.xyz")).First().Trim();
        Assert.Equal($"rendered_{atoms}_atoms", check["view"]);

        // No request left the machine (or tried to): the page asked for nothing but file: and data: URLs.
        Assert.Empty(HeadlessChromium.PageRequests(netShot));
        Assert.Empty(HeadlessChromium.PageRequests(netDom));
    }

    [Fact]
    public void PaperFigureCheck_FailsWhenAFigureIsMissingOrNotVector()
    {
        // Control for AssertPaperFigures: a page with all paper figures passes; without Fig. 2A, or with Fig. 3B as a
        // PNG only, it fails.
        string Fig(string id, string mime) => $"<figure id=\"{id}\"><h3>x</h3><div class=\"panels\"><img src=\"data:{mime};base64,AAAA\"></div></figure>";
        string all = string.Concat(PaperFigureIds.Select(id => Fig(id, "image/svg+xml")));
        AssertPaperFigures(all);
        Assert.ThrowsAny<Exception>(() => AssertPaperFigures(all.Replace(Fig("fig2a", "image/svg+xml"), "", StringComparison.Ordinal)));
        Assert.ThrowsAny<Exception>(() => AssertPaperFigures(all.Replace(Fig("fig3b", "image/svg+xml"), Fig("fig3b", "image/png"), StringComparison.Ordinal)));
    }

    /// <summary>Fails unless every figure of <see cref="PaperFigureIds"/> is a &lt;figure&gt; holding at least one SVG image.</summary>
    private static void AssertPaperFigures(string markup)
    {
        foreach (var id in PaperFigureIds)
        {
            var m = Regex.Match(markup, $"<figure id=\"{id}\">(.*?)</figure>", RegexOptions.Singleline);
            Assert.True(m.Success, $"paper figure #{id} missing from the report");
            Assert.True(m.Groups[1].Value.Contains("src=\"" + SvgDataPrefix, StringComparison.Ordinal), $"paper figure #{id} has no SVG image");
        }
    }

    [Fact]
    public void ChromiumChecks_DetectAnExternalImage()
    {
        // Control for the checks above: a page with one external image must show up both as a request and as an
        // image that did not load (the network is blocked).
        using var chromium = HeadlessChromium.Require();
        string dir = Vitrion.TestKit.References.TempDir("vitrion-chromium-control");
        try
        {
            string page = Path.Combine(dir, "external.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><body><figure><img src=\"http://example.com/figure.png\"></figure>" + HeadlessChromium.ImageCheckScript + "</body></html>");
            var (dom, net) = chromium.Run(new Uri(page).AbsoluteUri, "--dump-dom");
            var check = HeadlessChromium.ImageCheck(dom);
            Assert.Equal("1", check["images"]);
            Assert.Equal("0", check["loaded"]);
            Assert.Contains("http://example.com/figure.png", HeadlessChromium.PageRequests(net));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 33 && png.AsSpan(0, 8).SequenceEqual(signature), "not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static string Hash(byte[] b) => Convert.ToHexString(SHA256.HashData(b));

    private static List<string> Hashes(IEnumerable<byte[]> files) => files.Select(Hash).Order(StringComparer.Ordinal).ToList();

    /// <summary>width/height attributes of the root element of an SVG [px].</summary>
    private static (int Width, int Height) SvgSize(byte[] svg)
    {
        string text = System.Text.Encoding.UTF8.GetString(svg);
        var m = Regex.Match(text, "<svg[^>]*\\swidth=\"(\\d+)\"[^>]*\\sheight=\"(\\d+)\"");
        Assert.True(m.Success, "SVG without width/height");
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;

    [GeneratedRegex("""(?i)\b(src|href|srcset|poster|action|formaction|background|data|xlink:href|ping|manifest|cite|longdesc)\s*=\s*(["'])(.*?)\2""", RegexOptions.Singleline)]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("""(?i)\b(src|href|srcset|poster|action|formaction|background|data|ping|manifest)\s*=\s*[^"'\s>]""")]
    private static partial Regex UnquotedUrlAttribute();

    [GeneratedRegex("""(?i)url\(\s*["']?([^"')]*)""")]
    private static partial Regex CssUrl();

    [GeneratedRegex("""\bid\s*=\s*["']([^"']*)["']""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("""^[a-zA-Z][a-zA-Z0-9+.\-]*:""")]
    private static partial Regex Scheme();

    [GeneratedRegex("src=\"data:image/(png|svg\\+xml);base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex ImageDataUri();

    [GeneratedRegex("(?s)(<script[^>]*>).*?</script>")]
    private static partial Regex ScriptBody();

    [GeneratedRegex("<img[ >]")]
    private static partial Regex ImgTag();
}
