using System.Globalization;
using System.Text;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.TestKit;

namespace Vitrion.Analysis.Tests.Structure;

/// <summary>Frames and helper files shared by the structure tests.</summary>
internal static class StructureTestData
{
    private static readonly Lazy<Frame> Glass = new(() => StructureFile.ReadFrame(References.ReferenceGlass));

    /// <summary>The reference glass (read once).</summary>
    public static Frame ReferenceGlass() => Glass.Value;

    /// <summary>Uniform random points in a box with the given type names (types assigned round-robin).</summary>
    public static Frame Random(Box box, int n, int seed, params string[] typeNames)
    {
        var rng = new Random(seed);
        var pos = new Vec3[n];
        for (int i = 0; i < n; i++)
        {
            pos[i] = box.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()));
        }

        return new Frame(box, pos, Enumerable.Range(1, n).ToArray(), Enumerable.Range(0, n).Select(i => i % typeNames.Length).ToArray(), typeNames);
    }

    /// <summary>Writes an atomic-style LAMMPS data file of a frame (types 1-based, as the frame's).</summary>
    public static void WriteAtomicData(string path, Frame f)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var b = f.Box;
        sb.AppendLine("test data").AppendLine();
        sb.AppendLine(inv, $"{f.AtomCount} atoms").AppendLine(inv, $"{f.TypeNames.Length} atom types").AppendLine();
        sb.AppendLine(inv, $"{b.Origin.X:R} {b.Origin.X + b.Lx:R} xlo xhi");
        sb.AppendLine(inv, $"{b.Origin.Y:R} {b.Origin.Y + b.Ly:R} ylo yhi");
        sb.AppendLine(inv, $"{b.Origin.Z:R} {b.Origin.Z + b.Lz:R} zlo zhi");
        if (b.IsTriclinic) { sb.AppendLine(inv, $"{b.Xy:R} {b.Xz:R} {b.Yz:R} xy xz yz"); }
        sb.AppendLine().AppendLine("Masses").AppendLine();
        for (int t = 0; t < f.TypeNames.Length; t++) { sb.AppendLine(inv, $"{t + 1} 10.0"); }
        sb.AppendLine().AppendLine("Atoms # atomic").AppendLine();
        for (int i = 0; i < f.AtomCount; i++)
        {
            var p = f.Positions[i];
            sb.AppendLine(inv, $"{f.Ids[i]} {f.Types[i] + 1} {p.X:R} {p.Y:R} {p.Z:R}");
        }

        File.WriteAllText(path, sb.ToString());
    }
}
