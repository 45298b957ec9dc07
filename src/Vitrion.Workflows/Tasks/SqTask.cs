using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="SqTask"/> (<c>vitrion analyze sq</c> with its defaults).</summary>
/// <param name="Input">structure or trajectory.</param>
/// <param name="OutputDir">folder for sq.csv and sq.png, or null.</param>
/// <param name="Json">JSON record file, or null.</param>
/// <param name="FsdpLowInvA">low end of the FSDP fit window [1/Å].</param>
/// <param name="FsdpHighInvA">high end of the FSDP fit window [1/Å].</param>
public sealed record SqTaskOptions(string Input, string? OutputDir = null, string? Json = null, double FsdpLowInvA = 0.8, double FsdpHighInvA = 1.6)
{
    /// <summary>S(q) settings (q 0.3–12 1/Å in steps of 0.01, g(r) bins 0.01 Å, Lorch window).</summary>
    public SqOptions Sq { get; init; } = new() { QMin = 0.3, QMax = 12, QStep = 0.01, BinWidth = 0.01, Lorch = true };

    /// <summary>CSV path (the PNG beside it with .png) instead of sq.csv/sq.png in <see cref="SqTaskOptions.OutputDir"/>, or null.</summary>
    public string? Csv { get; init; }

    /// <summary>Also the direct sum over reciprocal-lattice vectors of the first frame (NAME_direct.csv beside the CSV; cost ∝ atoms × vectors).</summary>
    public bool Direct { get; init; }

    /// <summary>Format and frame slice of the input (default: all frames, format from the extension).</summary>
    public TrajectorySelection Selection { get; init; } = new();
}

/// <summary>A Gaussian-on-a-line fit of the first sharp diffraction peak.</summary>
/// <param name="Q0InvA">peak position [1/Å].</param>
/// <param name="Q0StderrInvA">its standard error [1/Å].</param>
/// <param name="FwhmInvA">full width at half maximum [1/Å].</param>
/// <param name="FwhmStderrInvA">its standard error [1/Å].</param>
/// <param name="Height">peak height (S(q) units).</param>
/// <param name="WindowInvA">fit window [1/Å].</param>
public sealed record PeakFitRecord(double Q0InvA, double Q0StderrInvA, double FwhmInvA, double FwhmStderrInvA, double Height, IReadOnlyList<double> WindowInvA)
{
    /// <summary>The record of a fit.</summary>
    /// <param name="f">fit.</param>
    /// <returns>record.</returns>
    public static PeakFitRecord From(PeakFit f) => new(f.Position, f.PositionError, f.Fwhm, f.FwhmError, f.Height, [f.QLo, f.QHi]);
}

/// <summary>Faber–Ziman structure factors and the FSDP.</summary>
/// <param name="Input">file analysed.</param>
/// <param name="Convention">normalisation convention.</param>
/// <param name="Method">how S(q) was computed.</param>
/// <param name="Elements">elements.</param>
/// <param name="Concentrations">atomic fractions of the elements.</param>
/// <param name="FsdpNeutron">FSDP of the neutron S(q).</param>
/// <param name="FsdpNeutronDirect">FSDP of the neutron S(q) of the direct k-space sum (<see cref="SqTaskOptions.Direct"/>), or null.</param>
/// <param name="FsdpXray">FSDP of the X-ray S(q).</param>
public sealed record SqRecord(string Input, string Convention, string Method, IReadOnlyList<string> Elements, IReadOnlyList<double> Concentrations, PeakFitRecord FsdpNeutron, PeakFitRecord FsdpXray,
    PeakFitRecord? FsdpNeutronDirect = null)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static SqRecord Read(string path) => ResultJson.Read<SqRecord>(path);
}

/// <summary>S(q) from the element g(r) and the FSDP fit.</summary>
public static class SqTask
{
    /// <summary>Runs the analysis.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    /// <param name="table">also receives the CSV table, or null.</param>
    /// <exception cref="InputException">for bad settings (naming the option) or inputs.</exception>
    public static SqRecord Run(SqTaskOptions o, TextWriter? table = null)
    {
        var opt = o.Sq;
        if (!(opt.QMin > 0) || !(opt.QMax > opt.QMin) || !(opt.QStep > 0)) { throw new InputException("need 0 < --qmin < --qmax and --dq > 0"); }
        if (!(opt.BinWidth > 0)) { throw new InputException("--dr must be positive"); }
        if (!(o.FsdpHighInvA > o.FsdpLowInvA)) { throw new InputException(FormattableString.Invariant($"--fsdp-window {o.FsdpLowInvA}:{o.FsdpHighInvA} must be lo:hi in 1/Å with lo < hi, e.g. 0.8:1.6")); }
        Frame? first = null;
        var sq = StructureFactor.FromFrames(TrajectoryInput.Frames(o.Input, o.Selection).Select(f => { first ??= f; return f; }), opt);
        var fitN = StructureFactor.FitPeak(sq.Q, sq.Neutron, o.FsdpLowInvA, o.FsdpHighInvA);
        var fitX = StructureFactor.FitPeak(sq.Q, sq.XRay, o.FsdpLowInvA, o.FsdpHighInvA);
        SqResult? d = o.Direct ? StructureFactor.Direct(first!, opt) : null;
        PeakFit? fitD = d is null ? null : StructureFactor.FitPeak(d.Q, d.Neutron, o.FsdpLowInvA, o.FsdpHighInvA);
        table?.Write(Table(sq));
        var (csvPath, pngPath) = StructureInput.Outputs(o.Csv, o.OutputDir, "sq");
        if (csvPath is not null)
        {
            AtomicFile.WriteAllText(csvPath, Table(sq));
            var series = new List<Series> { new("neutron", sq.Q, sq.Neutron), new("X-ray", sq.Q, sq.XRay) };
            if (d is not null)
            {
                AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csvPath))!, Path.GetFileNameWithoutExtension(csvPath) + "_direct.csv"), Table(d));
                series.Add(new Series("neutron, direct k-sum", d.Q, d.Neutron, Markers: true));
            }

            Charts.Lines(pngPath!, FormattableString.Invariant($"S(q), Faber–Ziman; FSDP (neutron) {fitN.Position:F3} ± {fitN.PositionError:F3} 1/Å"), "q [1/Å]", "S(q)", series);
        }

        var rec = new SqRecord(o.Input, sq.Convention, sq.Method, sq.Elements.ToArray(), sq.Concentrations.ToArray(), PeakFitRecord.From(fitN), PeakFitRecord.From(fitX),
            fitD is null ? null : PeakFitRecord.From(fitD));
        if (o.Json is { } j) { rec.Write(j); }
        return rec;
    }

    private static string Table(SqResult s)
    {
        var sb = new StringBuilder("q_inv_A,S_neutron,S_xray");
        foreach (var p in s.Partials) { sb.Append(CultureInfo.InvariantCulture, $",S_{p.A}-{p.B}"); }
        if (!s.Counts.IsEmpty) { sb.Append(",k_vectors"); }
        sb.AppendLine();
        for (int k = 0; k < s.Q.Length; k++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{s.Q[k]:R},{s.Neutron[k]:R},{s.XRay[k]:R}");
            foreach (var p in s.Partials) { sb.Append(CultureInfo.InvariantCulture, $",{p.S[k]:R}"); }
            if (!s.Counts.IsEmpty) { sb.Append(CultureInfo.InvariantCulture, $",{s.Counts[k]}"); }
            sb.AppendLine();
        }

        return sb.ToString();
    }
}
