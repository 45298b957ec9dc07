using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;
using Vitrion.TestKit;

namespace Vitrion.ForceField.Tests;

/// <summary>Shared inputs of the force-field tests.</summary>
internal static class TestSystems
{
    private static readonly Lazy<ForceFieldSpec> SpecLazy = new(() => ForceFieldSpec.Load(References.ForceFieldFile));
    private static readonly Lazy<LammpsData> GlassLazy = new(() => LammpsDataReader.Read(References.ReferenceGlass));

    public static ForceFieldSpec Spec => SpecLazy.Value;

    public static LammpsData Glass => GlassLazy.Value;

    public static SystemState State(ArigaForceField ff, LammpsData d) =>
        new(ff.Topology, d.Box, (Vec3[])d.Positions.Clone(), d.Velocities is null ? null : (Vec3[])d.Velocities.Clone(), (Int3[])d.Images.Clone());

    public static (ForceBuffer Buffer, SystemState State, ArigaForceField Field) Evaluate(LammpsData d, ForceFieldOptions options, bool perAtom = false)
    {
        var ff = new ArigaForceField(Spec, d.Topology, d.Box, options);
        var s = State(ff, d);
        var b = new ForceBuffer(s.AtomCount);
        ff.Compute(s, b, perAtom);
        return (b, s, ff);
    }
}
