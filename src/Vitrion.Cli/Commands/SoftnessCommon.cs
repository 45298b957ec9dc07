using System.CommandLine;
using System.Globalization;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.Learning.Softness;

namespace Vitrion.Cli.Commands;

/// <summary>Helpers shared by the softness commands (reading frames and softness tables).</summary>
internal static class SoftnessCommon
{
    public static Option<string?> TypeNamesOption() => new("--type-names")
    {
        Description = "Comma-separated type names by LAMMPS type (type 1 first), e.g. P2,S2,Pa,S1,Sc,P4,S4,Li for the Ariga 70:30 file; needed for dumps whose types are numbers. Names decide the element (Li, P, S) and the anion of each S (S4→PS4, S1/Sc→P2S7, S2→P2S6); without anion names the anions are found geometrically (P–S, P–P within 2.6 Å).",
    };

    public static List<Frame> ReadAll(string path, string? typeNames)
    {
        var opts = new StructureReadOptions { TypeNames = typeNames?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) };
        var frames = StructureFile.ReadFrames(path, opts).ToList();
        if (frames.Count == 0) { throw new InputException(path, 0, "the file holds no frame"); }
        return frames;
    }

    public static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public static void WriteSoftnessCsv(string path, IEnumerable<FrameSoftness> frames) =>
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("frame,step,id,softness");
            foreach (var fs in frames)
            {
                for (int k = 0; k < fs.Ids.Length; k++)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fs.FrameIndex},{fs.Step},{fs.Ids[k]},{fs.Softness[k]:R}"));
                }
            }
        });

    /// <summary>Reads frame,step,id,softness rows: frame index → (id → softness) (the workflow layer's reader).</summary>
    public static Dictionary<int, Dictionary<int, double>> ReadSoftnessCsv(string path) => Vitrion.Workflows.Tasks.SoftnessTable.Read(path);
}
