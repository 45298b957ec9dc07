using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Device.Tests;

/// <summary>The device force field on ILGPU's CPU accelerator against the CPU engine (the reference, itself tested against LAMMPS).</summary>
public class DevicePotentialTests
{
    private static void AssertSame(ForceBuffer cpu, ForceBuffer dev, bool perAtom, double forceTol = 1e-9)
    {
        void Rel(double a, double b, string name) =>
            Assert.True(Math.Abs(a - b) <= 1e-10 * Math.Max(1.0, Math.Abs(a)), $"{name}: cpu {a:R} device {b:R}");
        var c = cpu.Energies;
        var d = dev.Energies;
        Rel(c.Elj, d.Elj, "elj"); Rel(c.Ecoul, d.Ecoul, "ecoul"); Rel(c.E3body, d.E3body, "e3body"); Rel(c.Elong, d.Elong, "elong");
        Rel(c.Ebond, d.Ebond, "ebond"); Rel(c.Eangle, d.Eangle, "eangle"); Rel(c.Edihed, d.Edihed, "edihed"); Rel(c.Pe, d.Pe, "pe");
        for (int k = 0; k < 6; k++) { Rel(cpu.Virial[k], dev.Virial[k], $"virial[{k}]"); }
        double maxDf = 0;
        for (int i = 0; i < cpu.Forces.Length; i++) { maxDf = Math.Max(maxDf, (cpu.Forces[i] - dev.Forces[i]).Norm); }
        Assert.True(maxDf < forceTol, $"max |ΔF| = {maxDf:E3}");
        if (perAtom)
        {
            double maxDe = 0;
            for (int i = 0; i < cpu.PerAtomEnergy.Length; i++) { maxDe = Math.Max(maxDe, Math.Abs(cpu.PerAtomEnergy[i] - dev.PerAtomEnergy[i])); }
            Assert.True(maxDe < 1e-9, $"max |Δe_atom| = {maxDe:E3}");
        }
    }

    private static (ForceBuffer Cpu, ForceBuffer Dev) Both(Topology topo, Vec3[] pos, Box box, ForceFieldOptions options, bool perAtom)
    {
        var spec = DeviceTestSystems.Spec;
        var cpu = DeviceTestSystems.Reference(spec, topo, box, pos, options, perAtom);
        using var pot = new DevicePotential(DeviceTestSystems.Cpu, spec, topo, box, options with { Threads = 1 });
        var st = new SystemState(pot.Topology, box, (Vec3[])pos.Clone());
        var dev = new ForceBuffer(st.AtomCount);
        pot.Compute(st, dev, perAtom);
        return (cpu, dev);
    }

    [Fact]
    public void EveryTermMatchesTheCpuEngineInASmallBox()
    {
        // 39 atoms in a 13 Å box: the 14 Å list reaches several periodic images of every pair.
        var (topo, pos, box) = DeviceTestSystems.Molecular(13.0, 3);
        var (cpu, dev) = Both(topo, pos, box, new ForceFieldOptions(), perAtom: true);
        Assert.True(cpu.Energies.E3body > 1e-3, "the three-body term must be active");
        Assert.True(Math.Abs(cpu.Energies.Edihed) > 1e-6, "dihedrals must be active");
        AssertSame(cpu, dev, perAtom: true);
    }

    [Theory]
    [InlineData(KspaceStyle.Ewald, false)]
    [InlineData(KspaceStyle.Pppm, true)]
    [InlineData(KspaceStyle.None, true)]
    public void EveryTermMatchesTheCpuEngineInALongerBox(KspaceStyle kspace, bool perAtom)
    {
        // 156 atoms in a 58 × 14.5 × 14.5 Å box (four copies of the unit along x).
        var (topo, pos, box) = DeviceTestSystems.Molecular(14.5, 2, copies: 4);
        var (cpu, dev) = Both(topo, pos, box, new ForceFieldOptions { Kspace = kspace }, perAtom);
        AssertSame(cpu, dev, perAtom);
    }

    [Fact]
    public void LammpsErfcAndSelectedTermsMatch()
    {
        var (topo, pos, box) = DeviceTestSystems.Molecular(13.0, 11);
        var options = new ForceFieldOptions { LammpsErfc = true, Terms = ForceFieldTerms.Pair | ForceFieldTerms.Angles };
        var (cpu, dev) = Both(topo, pos, box, options, perAtom: true);
        Assert.Equal(0.0, dev.Energies.E3body);
        Assert.Equal(0.0, dev.Energies.Ebond);
        AssertSame(cpu, dev, perAtom: true);
    }

    [Fact]
    public void TriclinicBoxesAreRefusedWithAClearMessage()
    {
        var (topo, pos, _) = DeviceTestSystems.Molecular(13.0, 3);
        var tilted = new Box(Vec3.Zero, 13, 13, 13, 1.0, 0, 0);
        var ex = Assert.Throws<NotSupportedException>(() => new DevicePotential(DeviceTestSystems.Cpu, DeviceTestSystems.Spec, topo, tilted));
        Assert.Contains("orthorhombic", ex.Message);
    }

    [Fact]
    public void RepeatedEvaluationsAreBitwiseIdentical()
    {
        var (topo, pos, box) = DeviceTestSystems.Molecular(14.5, 2, copies: 2);
        using var pot = new DevicePotential(DeviceTestSystems.Cpu, DeviceTestSystems.Spec, topo, box, new ForceFieldOptions { Threads = 1 });
        var st = new SystemState(pot.Topology, box, (Vec3[])pos.Clone());
        var a = new ForceBuffer(st.AtomCount);
        var b = new ForceBuffer(st.AtomCount);
        pot.Compute(st, a);
        pot.Compute(st, b);
        Assert.Equal(a.Energies.Pe, b.Energies.Pe);
        Assert.Equal(a.Forces, b.Forces);
        Assert.Equal(a.Virial, b.Virial);
    }
}

/// <summary>The 8069-atom reference glass (the force-field authors' 70:30 glass) on the CPU accelerator against the CPU engine.</summary>
public class ReferenceGlassTests
{
    [Fact]
    public void ReferenceGlassPppmMatchesTheCpuEngine()
    {
        var d = Vitrion.IO.Lammps.LammpsDataReader.Read(Vitrion.TestKit.References.ReferenceGlass);
        var options = new ForceFieldOptions { Threads = 2 };
        var cpuField = new ArigaForceField(DeviceTestSystems.Spec, d.Topology, d.Box, options);
        var st = new SystemState(cpuField.Topology, d.Box, (Vec3[])d.Positions.Clone());
        var cpu = new ForceBuffer(st.AtomCount);
        cpuField.Compute(st, cpu);
        using var pot = new DevicePotential(DeviceTestSystems.Cpu, DeviceTestSystems.Spec, d.Topology, d.Box, options);
        var dev = new ForceBuffer(st.AtomCount);
        pot.Compute(st, dev);
        Assert.True(Math.Abs(cpu.Energies.Pe - dev.Energies.Pe) < 1e-10 * Math.Abs(cpu.Energies.Pe), $"pe {cpu.Energies.Pe:R} vs {dev.Energies.Pe:R}");
        Assert.True(Math.Abs(cpu.Energies.E3body - dev.Energies.E3body) < 1e-10 * Math.Abs(cpu.Energies.E3body));
        double ss = 0;
        for (int i = 0; i < st.AtomCount; i++) { ss += (cpu.Forces[i] - dev.Forces[i]).NormSquared; }
        double rms = Math.Sqrt(ss / st.AtomCount);
        Assert.True(rms < 1e-9, $"force RMS difference {rms:E3} kcal/mol/Å");
        for (int k = 0; k < 6; k++) { Assert.True(Math.Abs(cpu.Virial[k] - dev.Virial[k]) < 1e-9 * Math.Abs(cpu.Virial[0])); }
    }
}

/// <summary>The engine factory: parsing, the CPU choice, and the CPU fallback for boxes the device engine does not take.</summary>
public class DevicePotentialsTests
{
    [Theory]
    [InlineData("cpu", DeviceKind.Cpu)]
    [InlineData("GPU", DeviceKind.Gpu)]
    [InlineData("cuda", DeviceKind.Gpu)]
    [InlineData(" auto ", DeviceKind.Auto)]
    [InlineData("cpu-accelerator", DeviceKind.CpuAccelerator)]
    public void ParsesDeviceKinds(string text, DeviceKind kind) => Assert.Equal(kind, DevicePotentials.Parse(text));

    [Fact]
    public void RejectsUnknownKinds() => Assert.Throws<InputException>(() => DevicePotentials.Parse("tpu"));

    [Fact]
    public void CpuGivesTheCpuEngineAndTriclinicFallsBackWithANote()
    {
        var (topo, _, box) = DeviceTestSystems.Molecular(13.0, 3);
        Assert.IsType<ArigaForceField>(DevicePotentials.Create(DeviceKind.Cpu, DeviceTestSystems.Spec, topo, box, new ForceFieldOptions()));
        var notes = new List<string>();
        var tilted = new Box(Vec3.Zero, 13, 13, 13, 1.0, 0, 0);
        var p = DevicePotentials.Create(DeviceKind.CpuAccelerator, DeviceTestSystems.Spec, topo, tilted, new ForceFieldOptions { Kspace = KspaceStyle.Ewald }, notes.Add);
        Assert.IsType<ArigaForceField>(p);
        Assert.Single(notes);
        Assert.Contains("orthorhombic", notes[0]);
        using var device = (DevicePotential)DevicePotentials.Create(DeviceKind.CpuAccelerator, DeviceTestSystems.Spec, topo, box, new ForceFieldOptions(), notes.Add);
        Assert.Single(notes);
    }
}
