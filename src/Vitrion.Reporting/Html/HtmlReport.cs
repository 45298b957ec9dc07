using System.Net;
using System.Text;

namespace Vitrion.Reporting.Html;

/// <summary>
/// A figure of the report: one or more panel images (SVG, embedded as vector graphics, or PNG) with a caption and the
/// files behind it.
/// </summary>
/// <param name="Id">short id, also the anchor (e.g. "fig2a").</param>
/// <param name="Title">title shown above the figure.</param>
/// <param name="Images">the panels (.svg or .png files, embedded as data: URIs), drawn side by side.</param>
/// <param name="Caption">what the figure shows and what to see in it, with units.</param>
/// <param name="DataFiles">paths relative to the report's folder of the CSV/JSON/PNG files behind it (linked).</param>
public sealed record ReportFigure(string Id, string Title, IReadOnlyList<string> Images, string Caption, IReadOnlyList<string> DataFiles)
{
    /// <summary>A figure with one image.</summary>
    /// <param name="id">short id.</param>
    /// <param name="title">title.</param>
    /// <param name="imagePath">the .svg or .png file.</param>
    /// <param name="caption">caption.</param>
    /// <param name="dataFiles">relative paths of the data files.</param>
    public ReportFigure(string id, string title, string imagePath, string caption, IReadOnlyList<string> dataFiles)
        : this(id, title, new[] { imagePath }, caption, dataFiles)
    {
    }
}

/// <summary>A table of the report: header and rows of already formatted cells.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null)
{
    /// <summary>Cells whose whole text is a key here become links to the anchor id it maps to (e.g. "Fig. 2A" → "fig2a").</summary>
    public IReadOnlyDictionary<string, string> Anchors { get; init; } = new Dictionary<string, string>();
}

/// <summary>A claim of the paper next to the figure that supports it.</summary>
/// <param name="Text">the claim.</param>
/// <param name="Status">"reproduced", "reproduced (…not significant)", "not reproduced" or "not measured".</param>
/// <param name="Measured">what this run measured.</param>
public sealed record ReportClaim(string Text, string Status, string Measured);

/// <summary>A collapsed group of figures (<c>&lt;details&gt;</c>), e.g. the per-composition detail plots.</summary>
/// <param name="Summary">the always visible line.</param>
/// <param name="Figures">the figures inside.</param>
public sealed record ReportDetails(string Summary, IReadOnlyList<ReportFigure> Figures)
{
    /// <summary>Tables shown inside the group before its figures.</summary>
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];
}

/// <summary>A section: heading, claims, paragraphs, tables, figures, optional trusted HTML and collapsed detail groups.</summary>
/// <param name="Heading">heading (also listed in the table of contents).</param>
/// <param name="Paragraphs">plain-text paragraphs.</param>
/// <param name="Tables">tables.</param>
/// <param name="Figures">main figures.</param>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportFigure> Figures)
{
    /// <summary>Anchor id (default: from the heading).</summary>
    public string? Id { get; init; }

    /// <summary>Claims shown above the figures.</summary>
    public IReadOnlyList<ReportClaim> Claims { get; init; } = [];

    /// <summary>HTML written as is after the figures (only for markup the program builds itself, e.g. the 3D view).</summary>
    public string? Html { get; init; }

    /// <summary>Collapsed groups after the figures.</summary>
    public IReadOnlyList<ReportDetails> Details { get; init; } = [];

    /// <summary>Listed in the table of contents with its figures (false for e.g. appendices that only hold details).</summary>
    public bool ListFiguresInContents { get; init; } = true;
}

/// <summary>
/// A self-contained HTML report: every image is embedded as a data: URI (SVG as vector graphics), scripts are inline
/// and the page loads nothing from outside (no scripts, fonts or styles from the network), so it opens offline and in
/// headless browsers.
/// </summary>
public static class HtmlReport
{
    private const string Style =
        "body{font-family:sans-serif;max-width:1150px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.4}h1{font-size:1.6em;margin-bottom:.2em}" +
        "h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}h3{margin:.4em 0}" +
        "table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;font-size:.88em;vertical-align:top}th{background:#f0f0f0}" +
        "figure{margin:1em 0;break-inside:avoid}figure .panels{display:flex;flex-wrap:wrap;gap:.5em}figure img{max-width:100%;border:1px solid #ddd;background:#fff}" +
        "figure .panels.n2 img{max-width:calc(50% - .3em)}figure .panels.n3 img{max-width:calc(33% - .4em)}" +
        "figcaption{font-size:.9em;color:#333}figcaption .data{color:#555;font-size:.92em}" +
        ".claim{border-left:4px solid #999;background:#f7f7f7;padding:.4em .8em;margin:.6em 0;font-size:.93em}.claim.ok{border-color:#2a7}.claim.no{border-color:#c33}.claim.na{border-color:#aaa}" +
        ".ok{color:#060;font-weight:bold}.no{color:#a00;font-weight:bold}.na{color:#777}.claim .st{font-weight:bold}" +
        "nav.toc{columns:2;font-size:.92em;background:#fafafa;border:1px solid #ddd;padding:.5em 1em}nav.toc ul{margin:0;padding-left:1.2em}nav.toc li{break-inside:avoid}" +
        "details{margin:.6em 0;border:1px solid #ddd;padding:.3em .8em}details>summary{cursor:pointer;font-weight:bold}" +
        "@media print{body{max-width:none;margin:0}h2,h3{break-after:avoid}.claim{break-inside:avoid}nav.toc{columns:2}figure img{max-height:9.5cm}.viewer3d{display:none}}";

    /// <summary>Renders the report; missing images are listed as missing rather than breaking the page.</summary>
    /// <param name="title">page title.</param>
    /// <param name="preamble">plain-text paragraphs under the title.</param>
    /// <param name="sections">the sections, in order.</param>
    public static string Render(string title, IReadOnlyList<string> preamble, IReadOnlyList<ReportSection> sections)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append($"<title>{E(title)}</title>");
        sb.Append("<style>").Append(Style).Append("</style>");
        sb.Append("</head><body>\n");
        sb.Append($"<h1>{E(title)}</h1>\n");
        foreach (var p in preamble) { sb.Append($"<p>{E(p)}</p>\n"); }
        sb.Append("<nav class=\"toc\"><ul>");
        foreach (var s in sections)
        {
            sb.Append($"<li><a href=\"#{E(SectionId(s))}\">{E(s.Heading)}</a>");
            if (s.ListFiguresInContents && s.Figures.Count > 1)
            {
                sb.Append("<ul>");
                foreach (var f in s.Figures) { sb.Append($"<li><a href=\"#{E(f.Id)}\">{E(f.Title)}</a></li>"); }
                sb.Append("</ul>");
            }

            sb.Append("</li>");
        }

        sb.Append("</ul></nav>\n");
        foreach (var s in sections)
        {
            sb.Append($"<section id=\"{E(SectionId(s))}\"><h2>{E(s.Heading)}</h2>\n");
            foreach (var c in s.Claims)
            {
                sb.Append($"<div class=\"claim {Kind(c.Status)}\">Claim: {E(c.Text)} — <span class=\"st {Kind(c.Status)}\">{E(c.Status)}</span>");
                if (c.Measured.Length > 0) { sb.Append($"<br><small>{E(c.Measured)}</small>"); }
                sb.Append("</div>\n");
            }

            foreach (var p in s.Paragraphs) { sb.Append($"<p>{E(p)}</p>\n"); }
            foreach (var t in s.Tables) { Table(sb, t); }
            foreach (var f in s.Figures) { Figure(sb, f); }
            if (s.Html is not null) { sb.Append(s.Html).Append('\n'); }
            foreach (var d in s.Details)
            {
                string count = d.Figures.Count == 0 ? "" : $" ({d.Figures.Count} figure{(d.Figures.Count == 1 ? "" : "s")})";
                sb.Append($"<details><summary>{E(d.Summary)}{count}</summary>\n");
                foreach (var t in d.Tables) { Table(sb, t); }
                foreach (var f in d.Figures) { Figure(sb, f); }
                sb.Append("</details>\n");
            }

            sb.Append("</section>\n");
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The data: URI of an image file (.svg as image/svg+xml, anything else as image/png).</summary>
    /// <param name="path">the file.</param>
    public static string DataUri(string path) =>
        (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? "data:image/svg+xml;base64," : "data:image/png;base64,") + Convert.ToBase64String(File.ReadAllBytes(path));

    /// <summary>The anchor id of a section.</summary>
    /// <param name="s">the section.</param>
    public static string SectionId(ReportSection s) => s.Id ?? Anchor(s.Heading);

    private static void Table(StringBuilder sb, ReportTable t)
    {
        sb.Append($"<h3>{E(t.Title)}</h3><table><tr>");
        foreach (var h in t.Header) { sb.Append($"<th>{E(h)}</th>"); }
        sb.Append("</tr>");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var c in row)
            {
                sb.Append(t.Anchors.TryGetValue(c, out var anchor) ? $"<td><a href=\"#{E(anchor)}\">{E(c)}</a></td>" : $"<td{Class(c)}>{E(c)}</td>");
            }
            sb.Append("</tr>");
        }

        sb.Append("</table>");
        if (t.Note is not null) { sb.Append($"<p><small>{E(t.Note)}</small></p>"); }
        sb.Append('\n');
    }

    private static void Figure(StringBuilder sb, ReportFigure f)
    {
        sb.Append($"<figure id=\"{E(f.Id)}\"><h3>{E(f.Title)}</h3><div class=\"panels n{f.Images.Count}\">");
        foreach (var img in f.Images)
        {
            if (File.Exists(img))
            {
                sb.Append($"<img class=\"figure\" alt=\"{E(f.Title)}\" src=\"{DataUri(img)}\">");
            }
            else
            {
                sb.Append($"<p class=\"na\">figure not produced ({E(Path.GetFileName(img))} missing)</p>");
            }
        }

        sb.Append($"</div><figcaption>{E(f.Caption)}");
        if (f.DataFiles.Count > 0) { sb.Append(" <span class=\"data\">Files: " + string.Join(", ", f.DataFiles.Select(d => $"<a href=\"{E(d)}\">{E(d)}</a>")) + "</span>"); }
        sb.Append("</figcaption></figure>\n");
    }

    private static string Kind(string status) => status.StartsWith("reproduced", StringComparison.Ordinal) ? "ok"
        : status.StartsWith("not reproduced", StringComparison.Ordinal) || status.StartsWith("contradicted", StringComparison.Ordinal) ? "no" : "na";

    private static string Class(string cell) => cell.StartsWith("reproduced", StringComparison.Ordinal) ? " class=\"ok\""
        : cell.StartsWith("not reproduced", StringComparison.Ordinal) || cell.StartsWith("contradicted", StringComparison.Ordinal) ? " class=\"no\""
        : cell.StartsWith("inconclusive", StringComparison.Ordinal) ? " class=\"na\""
        : cell.StartsWith("not measured", StringComparison.Ordinal) ? " class=\"na\"" : string.Empty;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Anchor(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
