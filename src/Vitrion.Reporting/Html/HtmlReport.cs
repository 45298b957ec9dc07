using System.Net;
using System.Text;

namespace Vitrion.Reporting.Html;

/// <summary>A figure of the report: a PNG file with a caption and the data files behind it.</summary>
/// <param name="Id">short id (e.g. "fig2a").</param>
/// <param name="Title">title shown above the figure.</param>
/// <param name="PngPath">the PNG (embedded as base64).</param>
/// <param name="Caption">what the figure shows, with units.</param>
/// <param name="DataFiles">relative paths of the CSV/JSON files with the numbers behind it.</param>
public sealed record ReportFigure(string Id, string Title, string PngPath, string Caption, IReadOnlyList<string> DataFiles);

/// <summary>A table of the report: header and rows of already formatted cells.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null);

/// <summary>A section: heading, paragraphs, tables, figures.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportFigure> Figures);

/// <summary>
/// A self-contained HTML report: every image is embedded as a data: URI and the page loads nothing from outside
/// (no scripts, fonts or styles from the network), so it opens offline and in headless browsers.
/// </summary>
public static class HtmlReport
{
    /// <summary>Renders the report; missing PNGs are listed as missing rather than breaking the page.</summary>
    public static string Render(string title, IReadOnlyList<string> preamble, IReadOnlyList<ReportSection> sections)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append($"<title>{E(title)}</title>");
        sb.Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}" +
                  "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;font-size:.9em}th{background:#f0f0f0}" +
                  "figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.9em;color:#444}.ok{color:#060;font-weight:bold}.no{color:#a00;font-weight:bold}.na{color:#777}</style>");
        sb.Append("</head><body>\n");
        sb.Append($"<h1>{E(title)}</h1>\n");
        foreach (var p in preamble) { sb.Append($"<p>{E(p)}</p>\n"); }
        sb.Append("<nav><ul>");
        foreach (var s in sections) { sb.Append($"<li><a href=\"#{Anchor(s.Heading)}\">{E(s.Heading)}</a></li>"); }
        sb.Append("</ul></nav>\n");
        foreach (var s in sections)
        {
            sb.Append($"<h2 id=\"{Anchor(s.Heading)}\">{E(s.Heading)}</h2>\n");
            foreach (var p in s.Paragraphs) { sb.Append($"<p>{E(p)}</p>\n"); }
            foreach (var t in s.Tables)
            {
                sb.Append($"<h3>{E(t.Title)}</h3><table><tr>");
                foreach (var h in t.Header) { sb.Append($"<th>{E(h)}</th>"); }
                sb.Append("</tr>");
                foreach (var row in t.Rows)
                {
                    sb.Append("<tr>");
                    foreach (var c in row) { sb.Append($"<td{Class(c)}>{E(c)}</td>"); }
                    sb.Append("</tr>");
                }

                sb.Append("</table>");
                if (t.Note is not null) { sb.Append($"<p><small>{E(t.Note)}</small></p>"); }
                sb.Append('\n');
            }

            foreach (var f in s.Figures)
            {
                sb.Append($"<figure id=\"{E(f.Id)}\"><h3>{E(f.Title)}</h3>");
                if (File.Exists(f.PngPath))
                {
                    string b64 = Convert.ToBase64String(File.ReadAllBytes(f.PngPath));
                    sb.Append($"<img class=\"figure\" alt=\"{E(f.Title)}\" src=\"data:image/png;base64,{b64}\">");
                }
                else
                {
                    sb.Append($"<p class=\"na\">figure not produced ({E(Path.GetFileName(f.PngPath))} missing)</p>");
                }

                sb.Append($"<figcaption>{E(f.Caption)}");
                if (f.DataFiles.Count > 0) { sb.Append(" Data: " + string.Join(", ", f.DataFiles.Select(d => $"<a href=\"{E(d)}\">{E(d)}</a>"))); }
                sb.Append("</figcaption></figure>\n");
            }
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static string Class(string cell) => cell.StartsWith("reproduced", StringComparison.Ordinal) ? " class=\"ok\""
        : cell.StartsWith("not reproduced", StringComparison.Ordinal) ? " class=\"no\""
        : cell.StartsWith("not measured", StringComparison.Ordinal) ? " class=\"na\"" : string.Empty;

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Anchor(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
