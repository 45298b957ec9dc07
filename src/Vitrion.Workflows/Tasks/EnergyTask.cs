using System.Globalization;
using System.Text;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="EnergyTask"/> (<c>vitrion energy</c>).</summary>
/// <param name="Data">LAMMPS data file.</param>
/// <param name="Json">JSON record file, or null.</param>
/// <param name="Field">force-field options (k-space, accuracy, threads, ...).</param>
/// <param name="ForceFieldFile">force-field JSON, or null for the installation's ariga2022.json.</param>
public sealed record EnergyOptions(string Data, string? Json = null, ForceFieldOptions? Field = null, string? ForceFieldFile = null)
{
    /// <summary>Names of the data file's atom types in order, or null (Masses comments, else mass and charge).</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>File for 'id fx fy fz' per atom sorted by id [kcal/mol/Å], or null.</summary>
    public string? ForcesFile { get; init; }

    /// <summary>File for 'id pe' per atom sorted by id [kcal/mol] (LAMMPS pe/atom conventions), or null.</summary>
    public string? PerAtomFile { get; init; }

    /// <summary>The potential that evaluates the configuration, given the CPU force field built for it (e.g. the device engine), or null for that force field itself.</summary>
    public Func<ArigaForceField, IPotential>? Evaluator { get; init; }
}

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
        var ld = LammpsDataReader.Read(o.Data, new LammpsDataReadOptions { TypeNames = o.TypeNames });
        var spec = o.ForceFieldFile is { } ff ? ForceFieldSpec.Load(ff) : ForceFieldSpec.LoadDefault();
        var field = new ArigaForceField(spec, ld.Topology, ld.Box, o.Field ?? new ForceFieldOptions { Threads = 1 });
        var state = new SystemState(field.Topology, ld.Box, (Vec3[])ld.Positions.Clone(), ld.Velocities is null ? null : (Vec3[])ld.Velocities.Clone(), (Int3[])ld.Images.Clone());
        var b = new ForceBuffer(state.AtomCount);
        (o.Evaluator?.Invoke(field) ?? field).Compute(state, b, o.PerAtomFile is not null);
        var e = b.Energies;
        var rec = new EnergyRecord(state.AtomCount, KspaceStyleNames.Name(field.Options.Kspace), field.Options.Accuracy, field.GEwald, e.Pe, e.Evdwl, e.Elj, e.E3body,
            e.Ecoul, e.Elong, e.Ebond, e.Eangle, e.Edihed, b.Pressure(state.Box, state.KineticEnergy()), sw.Elapsed.TotalSeconds);
        if (o.ForcesFile is { } fpath) { WritePerAtom(fpath, state.Topology, i => FormattableString.Invariant($"{b.Forces[i].X:R} {b.Forces[i].Y:R} {b.Forces[i].Z:R}")); }
        if (o.PerAtomFile is { } epath) { WritePerAtom(epath, state.Topology, i => b.PerAtomEnergy[i].ToString("R", CultureInfo.InvariantCulture)); }
        if (o.Json is { } j) { rec.Write(j); }
        return rec;
    }

    private static void WritePerAtom(string path, Topology topology, Func<int, string> line)
    {
        var sb = new StringBuilder();
        foreach (int i in Enumerable.Range(0, topology.AtomCount).OrderBy(i => topology.Ids[i]))
        {
            sb.Append(topology.Ids[i].ToString(CultureInfo.InvariantCulture)).Append(' ').Append(line(i)).Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }
}
