using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO.Lammps;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="EnergyTask"/> (<c>vitrion energy</c>).</summary>
/// <param name="Data">LAMMPS data file.</param>
/// <param name="Json">JSON record file, or null.</param>
/// <param name="Field">force-field options (k-space, accuracy, threads, ...).</param>
/// <param name="ForceFieldFile">force-field JSON, or null for the installation's ariga2022.json.</param>
public sealed record EnergyOptions(string Data, string? Json = null, ForceFieldOptions? Field = null, string? ForceFieldFile = null);

/// <summary>Energies per term of one configuration (LAMMPS thermo names).</summary>
/// <param name="Atoms">atoms.</param>
/// <param name="Kspace">k-space style.</param>
/// <param name="Accuracy">relative k-space force accuracy.</param>
/// <param name="GEwaldInvA">Ewald splitting parameter [1/Å].</param>
/// <param name="PeKcalPerMol">potential energy [kcal/mol].</param>
/// <param name="EvdwlKcalPerMol">van der Waals (pair) energy [kcal/mol].</param>
/// <param name="EljKcalPerMol">LJ part [kcal/mol].</param>
/// <param name="E3bodyKcalPerMol">three-body energy [kcal/mol].</param>
/// <param name="EcoulKcalPerMol">real-space Coulomb [kcal/mol].</param>
/// <param name="ElongKcalPerMol">k-space Coulomb [kcal/mol].</param>
/// <param name="EbondKcalPerMol">bond energy [kcal/mol].</param>
/// <param name="EangleKcalPerMol">angle energy [kcal/mol].</param>
/// <param name="EdihedKcalPerMol">dihedral energy [kcal/mol].</param>
/// <param name="PressAtm">pressure [atm].</param>
/// <param name="WallS">wall time [s].</param>
public sealed record EnergyRecord(int Atoms, string Kspace, double Accuracy, double GEwaldInvA, double PeKcalPerMol, double EvdwlKcalPerMol, double EljKcalPerMol,
    double E3bodyKcalPerMol, double EcoulKcalPerMol, double ElongKcalPerMol, double EbondKcalPerMol, double EangleKcalPerMol, double EdihedKcalPerMol, double PressAtm, double WallS)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static EnergyRecord Read(string path) => ResultJson.Read<EnergyRecord>(path);
}

/// <summary>One force evaluation of a data file.</summary>
public static class EnergyTask
{
    /// <summary>Evaluates the energy.</summary>
    /// <param name="o">options.</param>
    /// <returns>the record.</returns>
    public static EnergyRecord Run(EnergyOptions o)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var ld = LammpsDataReader.Read(o.Data);
        var spec = o.ForceFieldFile is { } ff ? ForceFieldSpec.Load(ff) : ForceFieldSpec.LoadDefault();
        var field = new ArigaForceField(spec, ld.Topology, ld.Box, o.Field ?? new ForceFieldOptions { Threads = 1 });
        var state = new SystemState(field.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), ld.Velocities is null ? null : (Vec3[])ld.Velocities.Clone(), (Int3[])ld.Images.Clone());
        var b = new ForceBuffer(state.AtomCount);
        field.Compute(state, b, false);
        var e = b.Energies;
        var rec = new EnergyRecord(state.AtomCount, field.Options.Kspace.ToString().ToLowerInvariant(), field.Options.Accuracy, field.GEwald, e.Pe, e.Evdwl, e.Elj, e.E3body,
            e.Ecoul, e.Elong, e.Ebond, e.Eangle, e.Edihed, b.Pressure(state.Box, state.KineticEnergy()), sw.Elapsed.TotalSeconds);
        if (o.Json is { } j) { rec.Write(j); }
        return rec;
    }
}
