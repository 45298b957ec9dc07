using Vitrion.Core;

namespace Vitrion.Build;

/// <summary>A bonded term of a template: its type name (e.g. "P2-S2") and 0-based atom indices within the unit.</summary>
/// <param name="TypeName">bond/angle/dihedral type name as in parameters.json (atom order = the name's order).</param>
/// <param name="Atoms">indices of the atoms within the unit, in the order of the type name.</param>
public sealed record TemplateTerm(string TypeName, int[] Atoms);

/// <summary>
/// A rigid molecular unit (an anion, S²⁻ or Li⁺): atom type names, coordinates [Å] about its centre, and its
/// bonded topology. Angles are listed in the canonical atom order of their type name (for S1-Pa-Sc: the
/// terminal S1 first, the apex Pa, then the bridging Sc), which is the order the class2 cross terms expect
/// (bb_r1 belongs to the first bond of the name); dihedrals likewise.
/// </summary>
public sealed record MolecularTemplate(
    string Name,
    string[] Types,
    Vec3[] Coordinates,
    TemplateTerm[] Bonds,
    TemplateTerm[] Angles,
    TemplateTerm[] Dihedrals,
    int FormalCharge)
{
    /// <summary>Number of atoms.</summary>
    public int AtomCount => Types.Length;
}

/// <summary>
/// The units of Li2S–P2S5 glasses with geometry from the Ariga 2022 force field's equilibrium bond lengths r0
/// and angles θ0 (parameters.json), so a packed unit starts near its minimum: PS4(3−), P2S6(4−) (staggered,
/// P–P bonded), P2S7(4−) (corner-sharing via a bridging Sc), free S(2−) and Li(+).
/// </summary>
public static class AnionTemplates
{
    // Equilibrium values from parameters.json (bonds_class2 r0, angles_class2 theta0) [Å, degrees].
    private const double RP4S4 = 2.09744, RP2S2 = 2.058, RP2P2 = 2.31455, RPaS1 = 2.06993, RPaSc = 2.28618;
    private const double ThetaS4P4S4 = 109.46, ThetaP2P2S2 = 104.305, ThetaPaScPa = 116.46, ThetaS1PaSc = 105.522;

    /// <summary>PS4(3−): P4 at the centre, four S4 at the tetrahedron's corners.</summary>
    public static MolecularTemplate PS4 { get; } = MakePS4();

    /// <summary>P2S6(4−): two P2 bonded along z, three S2 on each, staggered.</summary>
    public static MolecularTemplate P2S6 { get; } = MakeP2S6();

    /// <summary>P2S7(4−): two Pa sharing the bridging Sc, three terminal S1 on each.</summary>
    public static MolecularTemplate P2S7 { get; } = MakeP2S7();

    /// <summary>Free sulfide S(2−) (type S0).</summary>
    public static MolecularTemplate Sulfide { get; } = new("S", ["S0"], [Vec3.Zero], [], [], [], -2);

    /// <summary>Li(+).</summary>
    public static MolecularTemplate Lithium { get; } = new("Li", ["Li"], [Vec3.Zero], [], [], [], +1);

    private static double Rad(double deg) => deg * Math.PI / 180.0;

    /// <summary>Unit vector with polar angle <paramref name="theta"/> from <paramref name="axis"/> and azimuth <paramref name="phi"/> [rad].</summary>
    private static Vec3 Around(Vec3 axis, double theta, double phi)
    {
        axis /= axis.Norm;
        Vec3 helper = Math.Abs(axis.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        Vec3 e1 = Vec3.Cross(axis, helper);
        e1 /= e1.Norm;
        Vec3 e2 = Vec3.Cross(axis, e1);
        return Math.Cos(theta) * axis + Math.Sin(theta) * (Math.Cos(phi) * e1 + Math.Sin(phi) * e2);
    }

    private static MolecularTemplate MakePS4()
    {
        // Regular tetrahedron (θ0 = 109.46° is the tetrahedral angle to 0.01°).
        double s = RP4S4 / Math.Sqrt(3.0);
        var coords = new[]
        {
            Vec3.Zero, new Vec3(s, s, s), new Vec3(s, -s, -s), new Vec3(-s, s, -s), new Vec3(-s, -s, s),
        };
        var bonds = Enumerable.Range(1, 4).Select(k => new TemplateTerm("P4-S4", [0, k])).ToArray();
        var angles = new List<TemplateTerm>();
        for (int a = 1; a <= 4; a++)
        {
            for (int b = a + 1; b <= 4; b++) { angles.Add(new TemplateTerm("S4-P4-S4", [a, 0, b])); }
        }

        _ = ThetaS4P4S4;
        return new MolecularTemplate("PS4", ["P4", "S4", "S4", "S4", "S4"], coords, bonds, angles.ToArray(), [], -3);
    }

    private static MolecularTemplate MakeP2S6()
    {
        var z = new Vec3(0, 0, 1);
        Vec3 p1 = new(0, 0, -RP2P2 / 2), p2 = new(0, 0, RP2P2 / 2);
        var coords = new List<Vec3> { p1, p2 };
        var types = new List<string> { "P2", "P2" };
        // S2 on P2(0) at angle θ(P2-P2-S2) from the P1→P2 axis; on P2(1) staggered by 60°.
        for (int k = 0; k < 3; k++) { coords.Add(p1 + RP2S2 * Around(z, Rad(ThetaP2P2S2), Rad(120 * k))); types.Add("S2"); }
        for (int k = 0; k < 3; k++) { coords.Add(p2 + RP2S2 * Around(-z, Rad(ThetaP2P2S2), Rad(60 + 120 * k))); types.Add("S2"); }
        var bonds = new List<TemplateTerm> { new("P2-P2", [0, 1]) };
        var angles = new List<TemplateTerm>();
        var dihedrals = new List<TemplateTerm>();
        int[] s0 = [2, 3, 4], s1 = [5, 6, 7];
        foreach (int s in s0) { bonds.Add(new("P2-S2", [0, s])); angles.Add(new("P2-P2-S2", [1, 0, s])); }
        foreach (int s in s1) { bonds.Add(new("P2-S2", [1, s])); angles.Add(new("P2-P2-S2", [0, 1, s])); }
        foreach (var (p, ss) in new[] { (0, s0), (1, s1) })
        {
            for (int a = 0; a < 3; a++)
            {
                for (int b = a + 1; b < 3; b++) { angles.Add(new("S2-P2-S2", [ss[a], p, ss[b]])); }
            }
        }

        foreach (int a in s0)
        {
            foreach (int b in s1) { dihedrals.Add(new("S2-P2-P2-S2", [a, 0, 1, b])); }
        }

        return new MolecularTemplate("P2S6", types.ToArray(), coords.ToArray(), bonds.ToArray(), angles.ToArray(), dihedrals.ToArray(), -4);
    }

    private static MolecularTemplate MakeP2S7()
    {
        // Sc at the origin, the two Pa in the xz plane at the bridge angle.
        double half = Rad(ThetaPaScPa) / 2;
        Vec3 sc = Vec3.Zero;
        Vec3 pa1 = RPaSc * new Vec3(-Math.Sin(half), 0, -Math.Cos(half));
        Vec3 pa2 = RPaSc * new Vec3(Math.Sin(half), 0, -Math.Cos(half));
        var coords = new List<Vec3> { pa1, pa2, sc };
        var types = new List<string> { "Pa", "Pa", "Sc" };
        var bonds = new List<TemplateTerm> { new("Pa-Sc", [0, 2]), new("Pa-Sc", [1, 2]) };
        var angles = new List<TemplateTerm> { new("Pa-Sc-Pa", [0, 2, 1]) };
        var dihedrals = new List<TemplateTerm>();
        foreach (var (p, pos, other) in new[] { (0, pa1, 1), (1, pa2, 0) })
        {
            Vec3 toSc = sc - pos;
            var mine = new List<int>();
            for (int k = 0; k < 3; k++)
            {
                coords.Add(pos + RPaS1 * Around(toSc, Rad(ThetaS1PaSc), Rad(120 * k + (p == 0 ? 0 : 60))));
                types.Add("S1");
                mine.Add(coords.Count - 1);
            }

            foreach (int s in mine)
            {
                bonds.Add(new("Pa-S1", [p, s]));
                angles.Add(new("S1-Pa-Sc", [s, p, 2]));
                dihedrals.Add(new("S1-Pa-Sc-Pa", [s, p, 2, other]));
            }

            for (int a = 0; a < 3; a++)
            {
                for (int b = a + 1; b < 3; b++) { angles.Add(new("S1-Pa-S1", [mine[a], p, mine[b]])); }
            }
        }

        // Centre the unit on its geometric centre.
        Vec3 c = coords.Aggregate(Vec3.Zero, (s, v) => s + v) / coords.Count;
        return new MolecularTemplate("P2S7", types.ToArray(), coords.Select(v => v - c).ToArray(), bonds.ToArray(), angles.ToArray(), dihedrals.ToArray(), -4);
    }
}
