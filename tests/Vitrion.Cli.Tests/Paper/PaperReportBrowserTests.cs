using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using SkiaSharp;
using Xunit;

namespace Vitrion.Cli.Tests.Paper;

/// <summary>
/// Issue #10: the report of a real (tiny) paper run is self-contained and renders in headless Chromium with the
/// network blocked, every figure loads, and nothing is requested from outside.
/// </summary>
[Collection(TinyPaperCollection.Name)]
public sealed partial class PaperReportBrowserTests(TinyPaperFixture run)
{
    private const string PngDataPrefix = "data:image/png;base64,";

    [Fact]
    public void Report_IsSelfContained_AndShowsEveryFigureTheRunDrewOnce()
    {
        run.RequireSuccess();
        string html = File.ReadAllText(Path.Combine(run.OutDir, "report.html"));

        // No external references in attributes, styles or imports; every attribute value is quoted.
        Assert.Empty(UnquotedUrlAttribute().Matches(html).Select(m => m.Value));
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)<(link|iframe|object|embed|base)\b", html);
        foreach (Match m in CssUrl().Matches(html))
        {
            Assert.True(m.Groups[1].Value.StartsWith("data:", StringComparison.Ordinal), $"url({m.Groups[1].Value}) is not embedded");
        }

        var ids = IdAttribute().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var embedded = new List<byte[]>();
        int links = 0;
        foreach (Match m in UrlAttribute().Matches(html))
        {
            string name = m.Groups[1].Value.ToLowerInvariant();
            string value = WebUtility.HtmlDecode(m.Groups[3].Value).Trim();
            Assert.False(value.StartsWith("//", StringComparison.Ordinal), $"protocol-relative URL in {name}: {value}");
            Assert.False(Scheme().IsMatch(value) && !value.StartsWith("data:", StringComparison.Ordinal), $"{name} with a URL scheme: {Shorten(value)}");
            if (name == "src")
            {
                Assert.True(value.StartsWith(PngDataPrefix, StringComparison.Ordinal), $"image not embedded as a PNG data: URI: {Shorten(value)}");
                embedded.Add(Convert.FromBase64String(value[PngDataPrefix.Length..]));
            }
            else if (name == "href")
            {
                links++;
                if (value.StartsWith('#'))
                {
                    Assert.Contains(value[1..], ids);
                }
                else
                {
                    // Data links are relative paths to files of the run.
                    Assert.False(value.StartsWith('/'), $"absolute path in href: {value}");
                    Assert.True(File.Exists(Path.Combine(run.OutDir, value)), $"href to a missing file: {value}");
                }
            }
            else
            {
                Assert.Fail($"unexpected URL attribute {name}={Shorten(value)}");
            }
        }

        Assert.True(links > 0, "no links found: the attribute scan is broken");

        // Every embedded image is a valid PNG; together they are exactly the PNGs the stages drew, each once.
        Assert.All(embedded, png => Assert.True(PngSize(png).Width > 0));
        var onDisk = Directory.EnumerateFiles(run.OutDir, "*.png", SearchOption.AllDirectories).ToList();
        Assert.True(onDisk.Count >= 30, $"the tiny run drew only {onDisk.Count} figures");
        var expected = onDisk.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Order(StringComparer.Ordinal).ToList();
        var actual = embedded.Select(b => Convert.ToHexString(SHA256.HashData(b))).Order(StringComparer.Ordinal).ToList();
        var missing = onDisk.Where(f => !actual.Contains(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))).Select(f => Path.GetRelativePath(run.OutDir, f)).ToList();
        Assert.True(missing.Count == 0, "figures drawn but not in the report: " + string.Join(", ", missing));
        Assert.Equal(expected, actual);

        // The report claims one figure per <figure>, each with its image, none missing, with unique ids.
        int figures = Regex.Matches(html, "<figure[ >]").Count;
        Assert.Equal(embedded.Count, figures);
        Assert.DoesNotContain("figure not produced", html, StringComparison.Ordinal);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Report_RendersInHeadlessChromium_WithEveryFigureLoaded_AndNoExternalRequest()
    {
        run.RequireSuccess();
        using var chromium = HeadlessChromium.Require();
        string report = Path.Combine(run.OutDir, "report.html");
        string html = File.ReadAllText(report);
        var pngSizes = PngDataUri().Matches(html).Select(m => PngSize(Convert.FromBase64String(m.Groups[1].Value))).ToList();
        int figures = Regex.Matches(html, "<figure[ >]").Count;
        Assert.True(figures >= 30, $"only {figures} figures in the report");

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

        // (c) The DOM after load, on a copy of the page (same folder) with a small script that records every image.
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
        Assert.Equal(figures.ToString(CultureInfo.InvariantCulture), check["images"]);
        Assert.True(check["loaded"] == check["images"], $"{check["loaded"]} of {check["images"]} images loaded; not loaded: #{check["bad"]}");
        Assert.Equal(string.Join(',', pngSizes.Select(s => $"{s.Width}x{s.Height}")), check["sizes"]);

        // No request left the machine (or tried to): the page asked for nothing but file: and data: URLs.
        Assert.Empty(HeadlessChromium.PageRequests(netShot));
        Assert.Empty(HeadlessChromium.PageRequests(netDom));
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

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex PngDataUri();
}
