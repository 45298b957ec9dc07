using System.Globalization;
using System.Text;
using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Reporting.Structure;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="ClustersTask"/> (<c>vitrion analyze clusters</c>).</summary>
/// <param name="Input">structure or trajectory.</param>
/// <param name="OutputDir">folder for clusters.csv, clusters_atoms.csv, clusters.png, or null.</param>
/// <param name="Json">JSON record file, or null.</param>
/// <param name="CutoffA">P–S/P–P bond cutoff of the geometric census [Å].</param>
public sealed record ClustersOptions(string Input, string? OutputDir = null, string? Json = null, double CutoffA = 2.6)
{
    /// <summary>auto (bonds of the input when it has them, else distances), topology, or geometry.</summary>
    public string Method { get; init; } = "auto";

    /// <summary>CSV path of the counts per frame (NAME_atoms.csv and NAME.png beside it) instead of the files in <see cref="ClustersOptions.OutputDir"/>, or null.</summary>
    public string? Csv { get; init; }

    /// <summary>Format and frame slice of the input (default: all frames, format from the extension).</summary>
    public TrajectorySelection Selection { get; init; } = new();
}

/// <summary>Shares of P by anion (0–1).</summary>
/// <param name="Ps4">share in PS4.</param>
/// <param name="P2s7">share in P2S7.</param>
/// <param name="P2s6">share in P2S6.</param>
/// <param name="Other">share in other units.</param>
public sealed record ShareOfP(double Ps4, double P2s7, double P2s6, double Other);

/// <summary>The census by the other method on the first frame (when the input has bonds).</summary>
/// <param name="OtherMethod">topology or geometry.</param>
/// <param name="Ps4">PS4 units.</param>
/// <param name="P2s7">P2S7 units.</param>
/// <param name="P2s6">P2S6 units.</param>
/// <param name="S">free S(2-).</param>
/// <param name="Other">other units.</param>
/// <param name="AtomsClassifiedDifferently">atoms whose unit differs between the methods.</param>
public sealed record ClustersComparison(string OtherMethod, int Ps4, int P2s7, int P2s6, int S, int Other, int AtomsClassifiedDifferently);

/// <summary>Anion-cluster census (counts are means over frames).</summary>
/// <param name="Input">file analysed.</param>
/// <param name="Method">topology or geometry.</param>
/// <param name="Frames">frames.</param>
/// <param name="CutoffA">bond cutoff of the geometric census [Å], or null for topology.</param>
/// <param name="Ps4">PS4 units.</param>
/// <param name="P2s7">P2S7 units.</param>
/// <param name="P2s6">P2S6 units.</param>
/// <param name="S">free S(2-).</param>
/// <param name="Other">other units.</param>
/// <param name="ShareOfP">shares of P by anion.</param>
/// <param name="Qn">fraction of P with n bridging S, Q0..Q4.</param>
/// <param name="PWithPpBond">fraction of P with a P–P bond.</param>
/// <param name="Comparison">census by the other method, or null.</param>
public sealed record ClustersRecord(string Input, string Method, int Frames, double? CutoffA, double Ps4, double P2s7, double P2s6, double S, double Other,
    ShareOfP ShareOfP, IReadOnlyList<double> Qn, double PWithPpBond, ClustersComparison? Comparison)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static ClustersRecord Read(string path) => ResultJson.Read<ClustersRecord>(path);
}

/// <summary>Counts PS4/P2S7/P2S6/S(2-) units (bonds of the input, else distances).</summary>
public static class ClustersTask
{
    /// <summary>Runs the census.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    /// <exception cref="InputException">for bad settings (naming the option) or inputs.</exception>
    public static ClustersRecord Run(ClustersOptions o)
    {
        string m = o.Method.ToLowerInvariant();
        if (m is not ("auto" or "topology" or "geometry")) { throw new InputException($"--method '{m}': use auto, topology or geometry"); }
        if (!(o.CutoffA > 0)) { throw new InputException("--cutoff must be positive"); }
        var results = new List<AnionClusterResult>();
        AnionClusterResult? firstOther = null;
        Frame? first = null;
        foreach (var f in TrajectoryInput.Frames(o.Input, o.Selection))
        {
            StructureInput.CheckReach(o.Input, f, "--cutoff", o.CutoffA, StructureInput.MinimumImageReach);
            bool hasBonds = f.Topology is { Bonds.IsEmpty: false } t && t.AtomCount == f.AtomCount;
            if (m == "topology" && !hasBonds) { throw new InputException(o.Input, 0, "--method topology needs bonds in the input (a LAMMPS data file with a Bonds section)"); }
            var r = m == "geometry" || (m == "auto" && !hasBonds) ? AnionClusters.FromGeometry(f, o.CutoffA) : AnionClusters.FromTopology(f.Topology!);
            if (first is null)
            {
                first = f;
                if (hasBonds) { firstOther = r.Method == "topology" ? AnionClusters.FromGeometry(f, o.CutoffA) : AnionClusters.FromTopology(f.Topology!); }
            }

            results.Add(r);
        }

        if (first is null) { throw new InputException(o.Input, 0, "no frame selected (check --frames)"); }
        double Mean(Func<AnionClusterResult, double> sel) => results.Count == 1 ? sel(results[0]) : results.Average(sel);
        var shares = new ShareOfP(Mean(r => r.SharesOfP["PS4"]), Mean(r => r.SharesOfP["P2S7"]), Mean(r => r.SharesOfP["P2S6"]), Mean(r => r.SharesOfP["other"]));
        ClustersComparison? cmp = null;
        if (firstOther is not null)
        {
            cmp = new ClustersComparison(firstOther.Method, firstOther.Count(AnionClusterKind.PS4), firstOther.Count(AnionClusterKind.P2S7), firstOther.Count(AnionClusterKind.P2S6),
                firstOther.Count(AnionClusterKind.S), firstOther.Count(AnionClusterKind.Other), results[0].Disagreements(firstOther));
        }

        var rec = new ClustersRecord(o.Input, results[0].Method, results.Count, results[0].Method == "geometry" ? o.CutoffA : null,
            Mean(r => r.Counts["PS4"]), Mean(r => r.Counts["P2S7"]), Mean(r => r.Counts["P2S6"]), Mean(r => r.Counts["S"]), Mean(r => r.Counts["other"]),
            shares, Enumerable.Range(0, 5).Select(n => results.Average(r => r.Qn[n])).ToArray(), results.Average(r => r.PWithPPBond), cmp);
        var (csvPath, pngPath) = StructureInput.Outputs(o.Csv, o.OutputDir, "clusters");
        if (csvPath is not null)
        {
            var csv = new StringBuilder("frame,PS4,P2S7,P2S6,S,other,share_P_PS4,share_P_P2S7,share_P_P2S6,share_P_other\n");
            for (int i = 0; i < results.Count; i++)
            {
                var r = results[i];
                csv.AppendLine(CultureInfo.InvariantCulture, $"{i},{r.Counts["PS4"]},{r.Counts["P2S7"]},{r.Counts["P2S6"]},{r.Counts["S"]},{r.Counts["other"]},{r.SharesOfP["PS4"]:R},{r.SharesOfP["P2S7"]:R},{r.SharesOfP["P2S6"]:R},{r.SharesOfP["other"]:R}");
            }

            AtomicFile.WriteAllText(csvPath, csv.ToString());
            var atoms = new StringBuilder("id,type,cluster_id,kind,bridging\n");
            var r0 = results[0];
            for (int i = 0; i < first.AtomCount; i++)
            {
                atoms.AppendLine(CultureInfo.InvariantCulture, $"{first.Ids[i]},{first.TypeNames[first.Types[i]]},{r0.ClusterId[i]},{r0.Kind[i]},{(r0.Bridging[i] ? 1 : 0)}");
            }

            AtomicFile.WriteAllText(AtomsCsv(csvPath), atoms.ToString());
            StructureCharts.Ternary(pngPath!, "Shares of P by anion", ["PS4", "P2S7", "P2S6"],
                [new TernaryPoint(Path.GetFileName(o.Input), shares.Ps4, shares.P2s7, shares.P2s6)]);
        }

        if (o.Json is { } j) { rec.Write(j); }
        return rec;
    }

    /// <summary>The per-atom CSV written beside the counts CSV (NAME_atoms.csv).</summary>
    /// <param name="csv">the counts CSV.</param>
    /// <returns>its path.</returns>
    public static string AtomsCsv(string csv) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(csv))!, Path.GetFileNameWithoutExtension(csv) + "_atoms.csv");
}
