using Vitrion.Analysis.Structure;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.Paths;
using Vitrion.Workflows.Results;

namespace Vitrion.Workflows.Tasks;

/// <summary>Options of <see cref="QuenchTask"/> (<c>vitrion quench TRAJ --topology DATA -o OUT.dump</c>).</summary>
/// <param name="Trajectory">trajectory (dump with image flags or unwrapped positions).</param>
/// <param name="Topology">data file the run started from (charges, bonds); may be null when the input is itself a data file.</param>
/// <param name="Output">output dump.</param>
/// <param name="Voronoi">also add the Voronoi volume column <see cref="QuenchTask.VoronoiColumn"/>.</param>
/// <param name="Field">force-field options (k-space, accuracy, threads).</param>
/// <param name="FmaxKcalPerMolA">force tolerance [kcal/mol/Å].</param>
/// <param name="MaxSteps">FIRE step limit per frame.</param>
public sealed record QuenchOptions(string Trajectory, string? Topology, string Output, bool Voronoi = true, ForceFieldOptions? Field = null, double FmaxKcalPerMolA = 0.5, int MaxSteps = 1000)
{
    /// <summary>Input format (data, dump, xyz), or null for the extension's.</summary>
    public string? Format { get; init; }

    /// <summary>Names of the atom types in LAMMPS type order, or null (from the files).</summary>
    public IReadOnlyList<string>? TypeNames { get; init; }

    /// <summary>Force-field JSON, or null for the installation's ariga2022.json.</summary>
    public string? ForceFieldFile { get; init; }
}

/// <summary>Summary of a quench of every frame.</summary>
/// <param name="Output">dump written.</param>
/// <param name="Frames">frames quenched.</param>
/// <param name="Unconverged">frames that stopped at the step limit.</param>
/// <param name="MeanEnergyDropKcalPerMolPerAtom">mean energy drop [kcal/mol/atom].</param>
/// <param name="LargestFinalForceKcalPerMolA">largest final force [kcal/mol/Å].</param>
/// <param name="WallS">wall time [s].</param>
public sealed record QuenchRecord(string Output, int Frames, int Unconverged, double MeanEnergyDropKcalPerMolPerAtom, double LargestFinalForceKcalPerMolA, double WallS)
{
    /// <summary>Writes the record.</summary>
    /// <param name="path">JSON file.</param>
    public void Write(string path) => ResultJson.Write(path, this);

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    /// <param name="path">JSON file.</param>
    /// <returns>the record.</returns>
    public static QuenchRecord Read(string path) => ResultJson.Read<QuenchRecord>(path);
}

/// <summary>Inherent structures: every frame relaxed (FIRE, fixed box) to its local minimum, written as one dump.</summary>
public static class QuenchTask
{
    /// <summary>Name of the Voronoi volume column [Å³].</summary>
    public const string VoronoiColumn = "c_voro_is";

    /// <summary>Quenches every frame.</summary>
    /// <param name="o">options.</param>
    /// <param name="progress">called after each frame with the number done, or null.</param>
    /// <returns>the summary.</returns>
    public static QuenchRecord Run(QuenchOptions o, Action<int>? progress = null)
    {
        if (Path.GetFullPath(o.Trajectory) == Path.GetFullPath(o.Output)) { throw new InputException(o.Output, 0, "output is the input file; choose another output path"); }
        if (!(o.FmaxKcalPerMolA > 0)) { throw new InputException("--fmax must be positive (kcal/mol/Å)"); }
        if (o.MaxSteps < 1) { throw new InputException("--max-steps must be at least 1"); }
        string format = StructureFile.FormatOf(o.Trajectory, o.Format);
        var readNames = new LammpsDataReadOptions { TypeNames = o.TypeNames };
        var given = o.Topology is null ? null : LammpsDataReader.Read(o.Topology, readNames).Topology;
        var topo = format == "data" ? LammpsDataReader.Read(o.Trajectory, readNames).Topology
            : given ?? throw new InputException(o.Trajectory, 0, "a dump or XYZ trajectory has no charges or bonds; give --topology DATA (the data file the run started from)");
        var spec = o.ForceFieldFile is { } ff ? ForceFieldSpec.Load(ff) : ForceFieldSpec.LoadDefault();
        var fieldOptions = o.Field ?? new ForceFieldOptions { Threads = 1 };
        var minimizer = new MinimizerOptions { ForceTolerance = o.FmaxKcalPerMolA, MaxSteps = o.MaxSteps, MaxStep = 0.1 };
        ArigaForceField? field = null;
        string tmp = o.Output + ".tmp";
        int frames = 0, unconverged = 0;
        double worstForce = 0, sumDrop = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cells = o.Voronoi ? new Voronoi(new VoronoiOptions { Threads = fieldOptions.Threads }) : null;
        LammpsDumpWriter? writer = null;
        try
        {
            foreach (var frame in StructureFile.ReadFrames(o.Trajectory, new StructureReadOptions { Format = format, TypeNames = o.TypeNames, Topology = given }))
            {
                field ??= new ArigaForceField(spec, topo, frame.Box, fieldOptions);
                var q = InherentStructure.Quench(frame, topo, field, minimizer);
                var structure = q.Structure;
                if (cells is not null) { structure = structure.WithExtra(VoronoiColumn, cells.Compute(structure).Volumes.ToArray()); }
                writer ??= new LammpsDumpWriter(tmp, Columns(structure));
                writer.Write(structure);
                frames++;
                if (!q.Minimization.Converged) { unconverged++; }
                worstForce = Math.Max(worstForce, q.Minimization.MaxForce);
                sumDrop += (q.InitialEnergy - q.Minimization.Energy) / frame.AtomCount;
                progress?.Invoke(frames);
            }

            writer?.Dispose();
            writer = null;
            if (frames == 0) { throw new InputException(o.Trajectory, 0, "file holds no frame"); }
            File.Move(tmp, o.Output, overwrite: true);
        }
        finally
        {
            writer?.Dispose();
            if (File.Exists(tmp)) { File.Delete(tmp); }
        }

        return new QuenchRecord(o.Output, frames, unconverged, sumDrop / frames, worstForce, clock.Elapsed.TotalSeconds);
    }

    private static string[] Columns(Frame quenched)
    {
        var cols = new List<string> { "id", "type", "element", "xu", "yu", "zu" };
        cols.AddRange(quenched.Extra.Keys.OrderBy(k => k == InherentStructure.EnergyColumn || k == VoronoiColumn ? 1 : 0).ThenBy(k => k, StringComparer.Ordinal));
        return cols.ToArray();
    }
}
