using System.Globalization;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Lammps;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests.Lammps;

/// <summary>
/// A small randomly perturbed molecular system (PS4, P2S7, P2S6 and Li: every term active) evaluated by LAMMPS
/// through the generated input (Ewald 1e-8, pair_modify table 0) and by Vitrion (LAMMPS' erfc polynomial, so both
/// evaluate the same function). One LAMMPS run shared by the tests of this class.
/// </summary>
public sealed class LammpsCrossCheckTests
{
    private sealed record Result(double[] Thermo, Dictionary<int, (Vec3 F, double Pe)> Atoms, ForceBuffer Ours, SystemState State, ArigaForceField Field);

    private static readonly Lazy<Result> Shared = new(Run);

    private static Result Run()
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        var box = new Box(new Vec3(0, 0, 0), 24.0, 23.0, 25.0);
        var (topo, pos) = SmallSystems.Molecular(box, seed: 2024, noise: 0.15, lithium: 11);
        var options = new ForceFieldOptions { Kspace = KspaceStyle.Ewald, Accuracy = 1e-8, Threads = 1, LammpsErfc = true };
        var ff = new ArigaForceField(TestSystems.Spec, topo, box, options);
        var state = new SystemState(ff.Topology, box, pos);
        var ours = new ForceBuffer(pos.Length);
        ff.Compute(state, ours, perAtom: true);

        string dir = References.TempDir("vitrion-lmp");
        var images = new Int3[pos.Length];
        LammpsDataWriter.Write(Path.Combine(dir, "system.data"), new LammpsData { Topology = ff.Topology, Box = box, Positions = pos, Images = images });
        var input = LammpsInputWriter.Create("system.data", ff.Parameters, new LammpsInputOptions
        {
            Kspace = KspaceStyle.Ewald, Accuracy = 1e-8, TableZero = true, ForceDumpFile = "forces.dump",
        });
        input.Write(Path.Combine(dir, "in.lmp"));
        var (code, _, err) = References.Run(lmp, "-in in.lmp -log log.lammps -screen none", dir, 300);
        Assert.True(code == 0, $"lmp failed ({code}): {err} {File.ReadAllText(Path.Combine(dir, "log.lammps"))}");
        var log = File.ReadAllLines(Path.Combine(dir, "log.lammps"));
        int h = Array.FindIndex(log, l => l.TrimStart().StartsWith("Step ", StringComparison.Ordinal));
        var thermo = log[h + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var dump = File.ReadAllLines(Path.Combine(dir, "forces.dump"));
        int a = Array.FindIndex(dump, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        var atoms = new Dictionary<int, (Vec3, double)>();
        foreach (string l in dump.Skip(a + 1))
        {
            var t = l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (t.Length < 5) { continue; }
            atoms[(int)t[0]] = (new Vec3(t[1], t[2], t[3]), t[4]);
        }

        return new Result(thermo, atoms, ours, state, ff);
    }

    [Fact]
    public void EnergiesPerTermMatchLammps()
    {
        var r = Shared.Value;
        var e = r.Ours.Energies;
        // thermo: step pe evdwl ecoul elong ebond eangle edihed press
        double[] ours = [e.Pe, e.Evdwl, e.Ecoul, e.Elong, e.Ebond, e.Eangle, e.Edihed];
        string[] names = ["pe", "evdwl", "ecoul", "elong", "ebond", "eangle", "edihed"];
        for (int k = 0; k < ours.Length; k++)
        {
            double lmp = r.Thermo[k + 1];
            Assert.True(Math.Abs(ours[k] - lmp) <= 1e-6 * Math.Abs(lmp) + 1e-6, $"{names[k]}: Vitrion {ours[k]:R} LAMMPS {lmp:R}");
        }

        Assert.True(Math.Abs(e.E3body) > 1, "the three-body term is active");
        Assert.Equal(r.Thermo[8], r.Ours.Pressure(r.State.Box, 0.0), 0.5);
    }

    [Fact]
    public void ForcesAndPerAtomEnergiesMatchLammps()
    {
        var r = Shared.Value;
        var topo = r.State.Topology;
        double sf = 0, se = 0;
        for (int i = 0; i < topo.AtomCount; i++)
        {
            var (f, pe) = r.Atoms[topo.Ids[i]];
            sf += (r.Ours.Forces[i] - f).NormSquared;
            se += Math.Pow(r.Ours.PerAtomEnergy[i] - pe, 2);
        }

        double rmsF = Math.Sqrt(sf / topo.AtomCount), rmsE = Math.Sqrt(se / topo.AtomCount);
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant($"force RMS diff {rmsF:E3} kcal/mol/Å, per-atom energy RMS diff {rmsE:E3} kcal/mol"));
        Assert.True(rmsF < 1e-4, $"force RMS difference {rmsF}");
        Assert.True(rmsE < 1e-3, $"per-atom energy RMS difference {rmsE}");
    }

    [Fact]
    public void SwFileGivesZeroCutoffToLegsThatCannotContribute()
    {
        // In LAMMPS' sw, leg i-j has cutoff a*sigma of the (i j j) entry. Only Li (the centre) to an S type may have one,
        // as in the force-field authors' Li-S.sw; S-S-S, P-S-S or S-Li-Li entries with a*sigma > 0 only cost time.
        var p = ForceFieldParameters.Resolve(TestSystems.Spec, TestSystems.Glass.Topology);
        var lines = LammpsInputWriter.SwFile(p).Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToArray();
        Assert.Equal(125, lines.Length); // 5 mapped elements (Li and the glass's four S types; no S0), every triple
        int withCutoff = 0;
        foreach (string l in lines)
        {
            var t = l.Split(' ');
            double cut = double.Parse(t[4], CultureInfo.InvariantCulture) * double.Parse(t[5], CultureInfo.InvariantCulture);
            bool contributes = t[0] == "Li" && t[1] != "Li";
            Assert.True(contributes ? cut == 5.0 : cut == 0.0, $"entry '{l}': a*sigma = {cut}");
            if (cut > 0) { withCutoff++; }
        }

        Assert.Equal(4 * 5, withCutoff); // Li with each of the four S types as j, any k
    }

    [Fact]
    public void LammpsThreeBodyEnergyIsUnchangedByTheZeroCutoffs()
    {
        // The same system in LAMMPS with the written file and with the old file in which every entry had a = 5:
        // evdwl (LJ + three-body) must agree to round-off, so the zero cutoffs drop only work, not physics.
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        var r = Shared.Value;
        string dir = References.TempDir("vitrion-lmp-sw");
        LammpsDataWriter.Write(Path.Combine(dir, "system.data"), new LammpsData
        {
            Topology = r.Field.Topology, Box = r.State.Box, Positions = r.State.Positions.ToArray(), Images = new Int3[r.State.Topology.AtomCount],
        });
        var input = LammpsInputWriter.Create("system.data", r.Field.Parameters, new LammpsInputOptions { Kspace = KspaceStyle.Ewald, Accuracy = 1e-8, TableZero = true });
        input.Write(Path.Combine(dir, "in.lmp"));
        var old = input.SwFile.Split('\n').Select(l =>
        {
            if (l.Length == 0 || l[0] == '#') { return l; }
            var t = l.Split(' ');
            t[5] = "5";
            return string.Join(" ", t);
        });
        File.WriteAllText(Path.Combine(dir, "old.sw"), string.Join("\n", old));
        File.WriteAllText(Path.Combine(dir, "in-old.lmp"), input.Script.Replace(input.SwFileName, "old.sw", StringComparison.Ordinal));
        double Evdwl(string script)
        {
            var (code, _, err) = References.Run(lmp, $"-in {script} -log {script}.log -screen none", dir, 300);
            Assert.True(code == 0, $"lmp failed ({code}): {err}");
            var log = File.ReadAllLines(Path.Combine(dir, script + ".log"));
            int h = Array.FindIndex(log, l => l.TrimStart().StartsWith("Step ", StringComparison.Ordinal));
            return double.Parse(log[h + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
        }

        double now = Evdwl("in.lmp"), before = Evdwl("in-old.lmp");
        Assert.True(Math.Abs(r.Ours.Energies.E3body) > 1, "the three-body term is active");
        Assert.Equal(before, now, 1e-9 * Math.Abs(before));
        Assert.Equal(r.Ours.Energies.Evdwl, now, 1e-6 * Math.Abs(now));
    }
}
