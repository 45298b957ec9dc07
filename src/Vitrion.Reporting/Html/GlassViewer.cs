using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Vitrion.Reporting.Paper;

namespace Vitrion.Reporting.Html;

/// <summary>An atom of the 3D view.</summary>
/// <param name="Element">chemical element (Li, P, S).</param>
/// <param name="X">x [Å].</param>
/// <param name="Y">y [Å].</param>
/// <param name="Z">z [Å].</param>
/// <param name="Softness">Li softness (NaN for other atoms or Li without a value).</param>
/// <param name="Anion">anion the atom belongs to (P, S: "PS4", "P2S7", "P2S6"; empty when none).</param>
public sealed record ViewerAtom(string Element, double X, double Y, double Z, double Softness, string Anion);

/// <summary>What the 3D view shows: atoms, the P–S and P–P bonds drawn as sticks, and the box edges.</summary>
/// <param name="Title">caption title.</param>
/// <param name="Atoms">the atoms (anions whole, i.e. bonded atoms next to each other even across the box boundary).</param>
/// <param name="Bonds">index pairs of bonded atoms.</param>
/// <param name="BoxA">box lengths [Å] (orthogonal box from the origin), drawn as edges.</param>
/// <param name="Caption">caption text.</param>
/// <param name="Files">paths relative to the report's folder of the files with the same data (linked).</param>
public sealed record GlassScene(string Title, IReadOnlyList<ViewerAtom> Atoms, IReadOnlyList<(int A, int B)> Bonds, (double X, double Y, double Z) BoxA, string Caption, IReadOnlyList<string> Files);

/// <summary>
/// An interactive 3D view of one glass for the report, built on 3Dmol.js (npm <c>3dmol</c>, BSD-3-Clause), which is
/// compiled into this assembly and inlined, so the page needs no network: Li as spheres coloured by softness on a
/// diverging scale (blue hard, red soft) with a colour bar, anions as sticks coloured by type; drag to rotate, scroll
/// to zoom. When the browser has no WebGL the box says so instead of failing silently.
/// </summary>
public static class GlassViewer
{
    /// <summary>Version of the vendored 3Dmol.js.</summary>
    public const string ViewerVersion = "3Dmol.js 2.5.5";

    /// <summary>Element id of the viewer's container (the canvas goes inside).</summary>
    public const string ContainerId = "glass3d";

    private static readonly Lazy<string> Library = new(() => Resource("Vitrion.Reporting.Html.3Dmol-min.js"));

    /// <summary>The vendored 3Dmol.js (minified).</summary>
    public static string LibraryScript => Library.Value;

    /// <summary>The licence of the vendored 3Dmol.js.</summary>
    public static string LibraryLicense => Resource("Vitrion.Reporting.Html.3Dmol-LICENSE.txt");

    /// <summary>Half-range of the softness colour scale: the 98th percentile of |S| over the Li (1 when there is none).</summary>
    /// <param name="atoms">the atoms.</param>
    public static double SoftnessLimit(IEnumerable<ViewerAtom> atoms)
    {
        var abs = atoms.Select(a => Math.Abs(a.Softness)).Where(double.IsFinite).Order().ToArray();
        return abs.Length == 0 ? 1 : Math.Max(1e-6, abs[(int)Math.Min(abs.Length - 1, Math.Floor(0.98 * abs.Length))]);
    }

    /// <summary>
    /// The HTML of the view: container, colour bar, legend and caption, the inlined library and the script that draws the
    /// scene. When done the script sets <c>data-status</c> on the container to "rendered N atoms" (or "no WebGL: …").
    /// </summary>
    /// <param name="scene">what to show.</param>
    public static string Render(GlassScene scene)
    {
        double lim = SoftnessLimit(scene.Atoms);
        var sb = new StringBuilder();
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        sb.Append("<figure id=\"view3d\" class=\"viewer\"><h3>").Append(E(scene.Title)).Append("</h3>");
        sb.Append($"<div id=\"{ContainerId}\" class=\"viewer3d\" data-status=\"loading\" style=\"width:100%;height:560px;position:relative;border:1px solid #ddd\"></div>");
        sb.Append("<div class=\"colorbar\" style=\"display:flex;align-items:center;gap:.5em;font-size:.85em;margin:.3em 0\">");
        sb.Append($"<span>Li softness: hard (S ≤ −{F(lim)})</span>");
        sb.Append($"<span style=\"display:inline-block;width:260px;height:14px;border:1px solid #888;background:linear-gradient(to right,{PaperPalette.HardHex},#f7f7f7,{PaperPalette.SoftHex})\"></span>");
        sb.Append($"<span>soft (S ≥ +{F(lim)})</span><span style=\"margin-left:2em\">anion sticks:</span>");
        foreach (var an in new[] { "PS4", "P2S7", "P2S6" })
        {
            sb.Append($"<span><span style=\"display:inline-block;width:18px;height:6px;background:{PaperPalette.AnionHex(an)}\"></span> {an}</span>");
        }

        sb.Append("</div><figcaption>").Append(E(scene.Caption));
        if (scene.Files.Count > 0) { sb.Append(" <span class=\"data\">Files: ").Append(string.Join(", ", scene.Files.Select(f => $"<a href=\"{E(f)}\">{E(f)}</a>"))).Append("</span>"); }
        sb.Append("</figcaption></figure>\n");
        sb.Append("<script>/*! ").Append(ViewerVersion).Append(" — BSD-3-Clause, Copyright (c) 2014, University of Pittsburgh and contributors (licence in Vitrion.Reporting/Html/vendor/3Dmol-LICENSE.txt) */\n");
        sb.Append(LibraryScript.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));
        sb.Append("\n</script>\n<script>\n(function(){\n");

        // Atoms as parallel arrays: element, x, y, z, colour; bonds as index pairs.
        var el = new StringBuilder("[");
        var xyz = new StringBuilder("[");
        var col = new StringBuilder("[");
        for (int i = 0; i < scene.Atoms.Count; i++)
        {
            var a = scene.Atoms[i];
            string sep = i == 0 ? "" : ",";
            el.Append(sep).Append('"').Append(a.Element).Append('"');
            xyz.Append(sep).Append(F(a.X)).Append(',').Append(F(a.Y)).Append(',').Append(F(a.Z));
            string c = a.Element == "Li" ? PaperPalette.SoftnessHex(a.Softness, lim) : PaperPalette.AnionHex(a.Anion);
            col.Append(sep).Append('"').Append(c).Append('"');
        }

        var bonds = new StringBuilder("[");
        for (int k = 0; k < scene.Bonds.Count; k++) { bonds.Append(k == 0 ? "" : ",").Append(scene.Bonds[k].A).Append(',').Append(scene.Bonds[k].B); }
        sb.Append("var el=").Append(el).Append("];\nvar xyz=").Append(xyz).Append("];\nvar col=").Append(col).Append("];\nvar bonds=").Append(bonds).Append("];\n");
        sb.Append($"var box=[{F(scene.BoxA.X)},{F(scene.BoxA.Y)},{F(scene.BoxA.Z)}];\n");
        sb.Append($"var host=document.getElementById('{ContainerId}');\n");
        sb.Append("""
            try {
              var atoms=[];
              for(var i=0;i<el.length;i++){atoms.push({elem:el[i],x:xyz[3*i],y:xyz[3*i+1],z:xyz[3*i+2],serial:i+1,index:i,bonds:[],bondOrder:[],color:col[i]});}
              for(var k=0;k<bonds.length;k+=2){var a=bonds[k],b=bonds[k+1];atoms[a].bonds.push(b);atoms[a].bondOrder.push(1);atoms[b].bonds.push(a);atoms[b].bondOrder.push(1);}
              var viewer=$3Dmol.createViewer(host,{backgroundColor:'white',antialias:true});
              var m=viewer.addModel();
              m.addAtoms(atoms);
              var cf=function(a){return col[a.index];};
              m.setStyle({elem:'Li'},{sphere:{radius:0.55,colorfunc:cf}});
              m.setStyle({elem:['P','S']},{stick:{radius:0.2,colorfunc:cf},sphere:{radius:0.28,colorfunc:cf}});
              var c=[[0,0,0],[1,0,0],[0,1,0],[0,0,1],[1,1,0],[1,0,1],[0,1,1],[1,1,1]];
              var edges=[[0,1],[0,2],[0,3],[1,4],[1,5],[2,4],[2,6],[3,5],[3,6],[4,7],[5,7],[6,7]];
              for(var e=0;e<edges.length;e++){var p=c[edges[e][0]],q=c[edges[e][1]];
                viewer.addLine({start:{x:p[0]*box[0],y:p[1]*box[1],z:p[2]*box[2]},end:{x:q[0]*box[0],y:q[1]*box[1],z:q[2]*box[2]},color:'#888888'});}
              viewer.zoomTo();
              viewer.rotate(-20,'x');
              viewer.rotate(25,'y');
              viewer.zoom(1.2);
              viewer.render();
              host.setAttribute('data-status','rendered '+el.length+' atoms');
            } catch(err) {
              host.setAttribute('data-status','no WebGL: '+err);
              host.innerHTML='<p style="padding:1em">The 3D view needs WebGL, which this browser does not provide ('+String(err).replace(/</g,'&lt;')+'). The same data are in the extended XYZ file linked below.</p>';
            }
            """);
        sb.Append("\n})();\n</script>\n");
        return sb.ToString();
    }

    private static string Resource(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
