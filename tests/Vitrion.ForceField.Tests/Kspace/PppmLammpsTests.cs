using Xunit;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Vitrion.Core;
using Vitrion.ForceField.Kspace;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests.Kspace;

/// <summary>PPPM against LAMMPS (kspace_style pppm, pair coul/long, pair_modify table 0) on a small random system.</summary>
public sealed partial class PppmLammpsTests
{
    [Theory]
    [InlineData(1e-4, 5, 6.0)]
    [InlineData(1e-5, 3, 7.0)]
    [InlineData(3e-6, 6, 6.5)]
    public void GridGEwaldEnergyForcesAndVirialEqualLammps(double accuracy, int order, double cutoff)
    {
        string lmp = References.RequireProgram("lmp", "apt-get install lammps");
        var box = new Box(new Vec3(-1.0, 0.5, 0.0), 14.0, 16.5, 18.0);
        var (topo, pos) = PppmTests.RandomSystem(70, box, 42);
        string dir = References.TempDir("pppm-lmp");
        var data = new StringBuilder();
        data.Append("random charges\n\n70 atoms\n1 atom types\n\n");
        data.Append(FormattableString.Invariant($"{box.Origin.X:R} {box.Hi.X:R} xlo xhi\n{box.Origin.Y:R} {box.Hi.Y:R} ylo yhi\n{box.Origin.Z:R} {box.Hi.Z:R} zlo zhi\n\nMasses\n\n1 10.0\n\nAtoms # charge\n\n"));
        for (int i = 0; i < pos.Length; i++)
        {
            data.Append(FormattableString.Invariant($"{i + 1} 1 {topo.Charges[i]:R} {pos[i].X:R} {pos[i].Y:R} {pos[i].Z:R}\n"));
        }

        File.WriteAllText(Path.Combine(dir, "data.lmp"), data.ToString());
        File.WriteAllText(Path.Combine(dir, "in.lmp"), FormattableString.Invariant($"""
            units real
            atom_style charge
            read_data data.lmp
            pair_style coul/long {cutoff}
            pair_coeff * *
            pair_modify table 0
            kspace_style pppm {accuracy}
            kspace_modify order {order}
            thermo_style custom step elong pxx pyy pzz pxy pxz pyz
            thermo_modify format float %.15g
            compute k all pair coul/long
            dump d all custom 1 f.dump id fx fy fz
            dump_modify d sort id format float %.15g
            run 0
            """));
        var (code, stdout, stderr) = References.Run(lmp, "-in in.lmp -log log.lammps -screen none", dir, 120);
        Assert.True(code == 0, stdout + stderr);
        string log = File.ReadAllText(Path.Combine(dir, "log.lammps"));
        double gLmp = double.Parse(GVector().Match(log).Groups[1].Value, CultureInfo.InvariantCulture);
        var gm = Grid().Match(log);
        var est = double.Parse(RelAcc().Match(log).Groups[1].Value, CultureInfo.InvariantCulture);

        var pppm = new Pppm(topo, box, new PppmOptions { Accuracy = accuracy, Order = order, RealSpaceCutoff = cutoff, Threads = 2 });
        Assert.Equal(int.Parse(gm.Groups[1].Value, CultureInfo.InvariantCulture), pppm.GridX);
        Assert.Equal(int.Parse(gm.Groups[2].Value, CultureInfo.InvariantCulture), pppm.GridY);
        Assert.Equal(int.Parse(gm.Groups[3].Value, CultureInfo.InvariantCulture), pppm.GridZ);
        Assert.Equal(gLmp, pppm.GEwald, 1e-6 * gLmp);   // LAMMPS prints %g (6-7 digits)
        Assert.Equal(est, pppm.EstimatedRelativeForceError, 1e-5 * est);

        var buf = PppmTests.Evaluate(pppm, topo, box, pos);
        var lines = log.Split('\n');
        int h = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Step", StringComparison.Ordinal));
        var thermo = lines[h + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        double elong = thermo[1];
        Assert.Equal(elong, buf.Energies.Elong, 1e-9 * Math.Abs(elong));

        // forces: LAMMPS total Coulomb = real space + PPPM; subtract a real-space sum with the same g_ewald
        var real = DirectEwald.Real(pos, topo.Charges.ToArray(), box, pppm.GEwald, cutoff, lammpsErfc: true);
        var dump = File.ReadAllLines(Path.Combine(dir, "f.dump"));
        int s0 = Array.FindIndex(dump, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal)) + 1;
        double worst = 0;
        for (int i = 0; i < pos.Length; i++)
        {
            var p = dump[s0 + i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var f = real.F[i] + buf.Forces[i];
            worst = Math.Max(worst, (new Vec3(p[1], p[2], p[3]) - f).Norm);
        }

        Assert.True(worst < 1e-8, $"largest force difference {worst} kcal/mol/Å");

        // pressure tensor: LAMMPS p_ab = (W_real + W_kspace)_ab / V (no kinetic part: velocities are zero)
        for (int j = 0; j < 6; j++)
        {
            double p = (real.W[j] + buf.Virial[j]) / box.Volume * Units.PressureToAtm;
            Assert.Equal(thermo[2 + j], p, 1e-6 * Math.Max(1.0, Math.Abs(thermo[2 + j])));
        }
    }

    [GeneratedRegex(@"G vector \(1/distance\) = ([0-9.eE+-]+)")]
    private static partial Regex GVector();

    [GeneratedRegex(@"grid = (\d+) (\d+) (\d+)")]
    private static partial Regex Grid();

    [GeneratedRegex(@"estimated relative force accuracy = ([0-9.eE+-]+)")]
    private static partial Regex RelAcc();
}
