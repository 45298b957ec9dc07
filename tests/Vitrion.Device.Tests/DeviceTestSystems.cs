using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.TestKit;

namespace Vitrion.Device.Tests;

/// <summary>
/// Shared inputs: one accelerator for the whole test run (kernels compile once) — ILGPU's CPU accelerator, or CUDA device 0
/// when VITRION_TEST_DEVICE=cuda (scripts/device-check.sh) —, the spec and small systems.
/// </summary>
internal static class DeviceTestSystems
{
    private static readonly Lazy<DeviceAccelerator> CpuLazy = new(() =>
        Environment.GetEnvironmentVariable("VITRION_TEST_DEVICE") is "cuda" or "gpu" ? DeviceAccelerator.CreateCuda() : DeviceAccelerator.CreateCpu());
    private static readonly Lazy<ForceFieldSpec> SpecLazy = new(() => ForceFieldSpec.Load(References.ForceFieldFile));

    /// <summary>The accelerator the tests run on (ILGPU's CPU accelerator unless VITRION_TEST_DEVICE=cuda), shared.</summary>
    public static DeviceAccelerator Cpu => CpuLazy.Value;

    /// <summary>The Ariga 2022 spec.</summary>
    public static ForceFieldSpec Spec => SpecLazy.Value;

    /// <summary>
    /// A random bonded system in a box (a copy of the ForceField tests' generator): one PS4, one P2S7 (bonds, angles,
    /// dihedrals), one P2S6 and Li ions near sulfur (so the three-body term is active), repeated <paramref name="copies"/>
    /// times along x in a box <paramref name="copies"/> times as long.
    /// </summary>
    public static (Topology Topology, Vec3[] Positions, Box Box) Molecular(double edge, int seed, int copies = 1, double noise = 0.08, int lithium = 11)
    {
        var rng = new Random(seed);
        var unit = new Box(Vec3.Zero, edge, edge, edge);
        var box = new Box(Vec3.Zero, edge * copies, edge, edge);
        var names = new[] { "P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li" };
        var types = new List<int>();
        var pos = new List<Vec3>();
        var bonds = new List<Bond>();
        var angles = new List<Angle>();
        var dihedrals = new List<Dihedral>();
        for (int copy = 0; copy < copies; copy++)
        {
            Vec3 shift = new(copy * edge, 0, 0);
            int first = types.Count;
            Vec3 Jitter() => new((rng.NextDouble() - 0.5) * 2 * noise, (rng.NextDouble() - 0.5) * 2 * noise, (rng.NextDouble() - 0.5) * 2 * noise);
            int Add(int t, Vec3 p) { types.Add(t); pos.Add(box.Wrap(p + Jitter() + shift)); return types.Count - 1; }
            Vec3 P(int i) => pos[i] - shift;
            Vec3[] tet = [new(1, 1, 1), new(1, -1, -1), new(-1, 1, -1), new(-1, -1, 1)];
            double s3 = 1 / Math.Sqrt(3);
            Vec3 c1 = unit.ToCartesian(new Vec3(0.2, 0.25, 0.3));
            int p4 = Add(5, c1);
            var s4 = tet.Select(v => Add(6, c1 + 2.1 * s3 * v)).ToArray();
            foreach (int s in s4) { bonds.Add(new Bond(3, p4, s)); }
            for (int a = 0; a < 4; a++) { for (int b = a + 1; b < 4; b++) { angles.Add(new Angle(5, s4[a], p4, s4[b])); } }
            Vec3 c2 = unit.ToCartesian(new Vec3(0.65, 0.6, 0.55));
            int sc = Add(4, c2);
            int pa1 = Add(2, c2 + new Vec3(-1.9, 0.0, 1.1));
            int pa2 = Add(2, c2 + new Vec3(1.9, 0.2, 1.0));
            bonds.Add(new Bond(2, pa1, sc)); bonds.Add(new Bond(2, pa2, sc));
            angles.Add(new Angle(2, pa1, sc, pa2));
            foreach (var (pa, sign) in new[] { (pa1, -1.0), (pa2, 1.0) })
            {
                Vec3 cp = P(pa);
                var s1 = new[] { new Vec3(sign * 0.9, 1.7, 0.6), new Vec3(sign * 0.9, -1.6, 0.9), new Vec3(sign * 0.4, 0.1, 2.0) }.Select(v => Add(3, cp + v)).ToArray();
                foreach (int s in s1) { bonds.Add(new Bond(1, pa, s)); }
                angles.Add(new Angle(3, s1[0], pa, s1[1])); angles.Add(new Angle(3, s1[0], pa, s1[2])); angles.Add(new Angle(3, s1[1], pa, s1[2]));
                angles.Add(new Angle(4, s1[0], pa, sc)); angles.Add(new Angle(4, sc, pa, s1[1])); angles.Add(new Angle(4, s1[2], pa, sc));
                int other = pa == pa1 ? pa2 : pa1;
                foreach (int s in s1) { dihedrals.Add(new Dihedral(1, s, pa, sc, other)); }
            }

            Vec3 c3 = unit.ToCartesian(new Vec3(0.3, 0.7, 0.75));
            int q1 = Add(0, c3 + new Vec3(-1.15, 0, 0));
            int q2 = Add(0, c3 + new Vec3(1.15, 0.1, 0));
            bonds.Add(new Bond(4, q1, q2));
            var sA = new[] { new Vec3(-0.6, 1.8, 0.5), new Vec3(-0.6, -1.4, 1.2), new Vec3(-0.5, -0.5, -1.9) }.Select(v => Add(1, P(q1) + v)).ToArray();
            var sB = new[] { new Vec3(0.6, 1.7, -0.6), new Vec3(0.7, -1.3, -1.3), new Vec3(0.5, -0.4, 1.9) }.Select(v => Add(1, P(q2) + v)).ToArray();
            foreach (int s in sA) { bonds.Add(new Bond(0, q1, s)); angles.Add(new Angle(0, q2, q1, s)); }
            foreach (int s in sB) { bonds.Add(new Bond(0, q2, s)); angles.Add(new Angle(0, q1, q2, s)); }
            angles.Add(new Angle(1, sA[0], q1, sA[1])); angles.Add(new Angle(1, sA[0], q1, sA[2])); angles.Add(new Angle(1, sA[1], q1, sA[2]));
            angles.Add(new Angle(1, sB[0], q2, sB[1])); angles.Add(new Angle(1, sB[0], q2, sB[2])); angles.Add(new Angle(1, sB[1], q2, sB[2]));
            foreach (int a in sA) { foreach (int b in sB) { dihedrals.Add(new Dihedral(0, a, q1, q2, b)); } }
            var sulfur = Enumerable.Range(first, types.Count - first).Where(i => names[types[i]].StartsWith('S')).ToArray();
            for (int l = 0; l < lithium; l++)
            {
                // Near a sulfur atom, at least 2.2 Å from every atom placed so far (no overlaps).
                for (int attempt = 0; ; attempt++)
                {
                    int s = sulfur[rng.Next(sulfur.Length)];
                    Vec3 dir = new(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
                    Vec3 p = box.Wrap(P(s) + (2.6 + rng.NextDouble()) / dir.Norm * dir + shift);
                    if (attempt < 1000 && pos.Any(o => box.MinimumImage(o - p).Norm < 2.2)) { continue; }
                    Add(7, p - shift);
                    break;
                }
            }
        }

        var spec = Spec;
        var masses = names.Select(n => spec.Type(n)!.Mass).ToArray();
        var q = types.Select(t => spec.RuleCharges[names[t]]).ToArray();
        var topo = new Topology(names, masses, types.ToArray(), q, null, null, bonds, angles, dihedrals);
        return (topo, pos.ToArray(), box);
    }

    /// <summary>The CPU reference evaluation (scalar loops, one thread).</summary>
    public static ForceBuffer Reference(ForceFieldSpec spec, Topology topo, Box box, Vec3[] pos, ForceFieldOptions options, bool perAtom)
    {
        var ff = new ArigaForceField(spec, topo, box, options with { Simd = false, Threads = 1 });
        var st = new SystemState(ff.Topology, box, (Vec3[])pos.Clone());
        var b = new ForceBuffer(st.AtomCount);
        ff.Compute(st, b, perAtom);
        return b;
    }
}
