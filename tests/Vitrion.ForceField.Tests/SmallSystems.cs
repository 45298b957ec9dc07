using System.Collections.Immutable;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;

namespace Vitrion.ForceField.Tests;

/// <summary>Small hand-made systems for unit tests.</summary>
internal static class SmallSystems
{
    /// <summary>A topology of atoms named by Ariga types (masses from the spec, charges from the rules).</summary>
    public static Topology Make(string[] typeNames, int[] types, IEnumerable<Bond>? bonds = null, IEnumerable<Angle>? angles = null, IEnumerable<Dihedral>? dihedrals = null)
    {
        var spec = TestSystems.Spec;
        var masses = typeNames.Select(n => spec.Type(n)!.Mass).ToArray();
        var q = types.Select(t => spec.RuleCharges[typeNames[t]]).ToArray();
        return new Topology(typeNames, masses, types, q, null, null, bonds, angles, dihedrals);
    }

    /// <summary>
    /// A random bonded system in a box: one PS4 unit, one P2S7 unit (bonds, angles, dihedrals), one P2S6 unit and
    /// Li ions (11 by default: a neutral system), atoms perturbed from template geometries by <paramref name="noise"/> Å.
    /// </summary>
    public static (Topology Topology, Vec3[] Positions) Molecular(Box box, int seed, double noise = 0.08, int lithium = 11)
    {
        var rng = new Random(seed);
        var names = new[] { "P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li" };
        var types = new List<int>();
        var pos = new List<Vec3>();
        var bonds = new List<Bond>();
        var angles = new List<Angle>();
        var dihedrals = new List<Dihedral>();
        Vec3 Jitter() => new((rng.NextDouble() - 0.5) * 2 * noise, (rng.NextDouble() - 0.5) * 2 * noise, (rng.NextDouble() - 0.5) * 2 * noise);
        int Add(int t, Vec3 p) { types.Add(t); pos.Add(box.Wrap(p + Jitter())); return types.Count - 1; }
        Vec3[] tet = [new(1, 1, 1), new(1, -1, -1), new(-1, 1, -1), new(-1, -1, 1)];
        double s3 = 1 / Math.Sqrt(3);

        // PS4 at c1.
        Vec3 c1 = box.ToCartesian(new Vec3(0.2, 0.25, 0.3));
        int p4 = Add(5, c1);
        var s4 = tet.Select(v => Add(6, c1 + 2.1 * s3 * v)).ToArray();
        foreach (int s in s4) { bonds.Add(new Bond(3, p4, s)); }
        for (int a = 0; a < 4; a++) { for (int b = a + 1; b < 4; b++) { angles.Add(new Angle(5, s4[a], p4, s4[b])); } }

        // P2S7: Pa(1)-Sc-Pa(2), 3 S1 on each Pa.
        Vec3 c2 = box.ToCartesian(new Vec3(0.65, 0.6, 0.55));
        int sc = Add(4, c2);
        int pa1 = Add(2, c2 + new Vec3(-1.9, 0.0, 1.1));
        int pa2 = Add(2, c2 + new Vec3(1.9, 0.2, 1.0));
        bonds.Add(new Bond(2, pa1, sc)); bonds.Add(new Bond(2, pa2, sc));
        angles.Add(new Angle(2, pa1, sc, pa2));
        foreach (var (pa, sign) in new[] { (pa1, -1.0), (pa2, 1.0) })
        {
            Vec3 cp = pos[pa];
            var s1 = new[] { new Vec3(sign * 0.9, 1.7, 0.6), new Vec3(sign * 0.9, -1.6, 0.9), new Vec3(sign * 0.4, 0.1, 2.0) }.Select(v => Add(3, cp + v)).ToArray();
            foreach (int s in s1) { bonds.Add(new Bond(1, pa, s)); }
            angles.Add(new Angle(3, s1[0], pa, s1[1])); angles.Add(new Angle(3, s1[0], pa, s1[2])); angles.Add(new Angle(3, s1[1], pa, s1[2]));
            angles.Add(new Angle(4, s1[0], pa, sc)); angles.Add(new Angle(4, sc, pa, s1[1])); angles.Add(new Angle(4, s1[2], pa, sc));
            int other = pa == pa1 ? pa2 : pa1;
            foreach (int s in s1) { dihedrals.Add(new Dihedral(1, s, pa, sc, other)); }
        }

        // P2S6: P2-P2 with 3 S2 each.
        Vec3 c3 = box.ToCartesian(new Vec3(0.3, 0.7, 0.75));
        int q1 = Add(0, c3 + new Vec3(-1.15, 0, 0));
        int q2 = Add(0, c3 + new Vec3(1.15, 0.1, 0));
        bonds.Add(new Bond(4, q1, q2));
        var sA = new[] { new Vec3(-0.6, 1.8, 0.5), new Vec3(-0.6, -1.4, 1.2), new Vec3(-0.5, -0.5, -1.9) }.Select(v => Add(1, pos[q1] + v)).ToArray();
        var sB = new[] { new Vec3(0.6, 1.7, -0.6), new Vec3(0.7, -1.3, -1.3), new Vec3(0.5, -0.4, 1.9) }.Select(v => Add(1, pos[q2] + v)).ToArray();
        foreach (int s in sA) { bonds.Add(new Bond(0, q1, s)); angles.Add(new Angle(0, q2, q1, s)); }
        foreach (int s in sB) { bonds.Add(new Bond(0, q2, s)); angles.Add(new Angle(0, q1, q2, s)); }
        angles.Add(new Angle(1, sA[0], q1, sA[1])); angles.Add(new Angle(1, sA[0], q1, sA[2])); angles.Add(new Angle(1, sA[1], q1, sA[2]));
        angles.Add(new Angle(1, sB[0], q2, sB[1])); angles.Add(new Angle(1, sB[0], q2, sB[2])); angles.Add(new Angle(1, sB[1], q2, sB[2]));
        foreach (int a in sA) { foreach (int b in sB) { dihedrals.Add(new Dihedral(0, a, q1, q2, b)); } }

        // Li near sulfur atoms (so the three-body term is active), the rest random.
        var sulfur = Enumerable.Range(0, types.Count).Where(i => names[types[i]].StartsWith('S')).ToArray();
        for (int l = 0; l < lithium; l++)
        {
            int s = sulfur[rng.Next(sulfur.Length)];
            Vec3 dir = new(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            Add(7, pos[s] + (2.6 + rng.NextDouble()) / dir.Norm * dir);
        }

        var topo = Make(names, types.ToArray(), bonds, angles, dihedrals);
        return (topo, pos.ToArray());
    }

    /// <summary>A spec with point charges only (types Na +1, Cl −1 or as given), no LJ, no three-body, no bonded terms.</summary>
    public static ForceFieldSpec Ionic(params (string Name, double Charge)[] types)
    {
        var lj = ImmutableDictionary.CreateBuilder<string, LjPairSpec>();
        foreach (var a in types) { foreach (var b in types) { lj[a.Name + "-" + b.Name] = new LjPairSpec(0, 0); } }
        return new ForceFieldSpec("ionic", types.Select(t => new AtomTypeSpec(t.Name, 20.0, t.Charge, "")).ToImmutableArray(),
            ImmutableDictionary<string, double>.Empty, [], 12, 12, Units.Coulomb, lj.ToImmutable(), [0, 0, 0.5], [0, 0, 0.8333], null,
            ImmutableDictionary<string, BondSpec>.Empty, ImmutableDictionary<string, AngleSpec>.Empty, ImmutableDictionary<string, DihedralSpec>.Empty);
    }
}
