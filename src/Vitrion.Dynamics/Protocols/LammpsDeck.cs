using System.Globalization;
using System.Text;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Lammps;
using Vitrion.ForceField.Spec;
using Vitrion.IO;
using Vitrion.IO.Lammps;

namespace Vitrion.Dynamics.Protocols;

/// <summary>What <see cref="LammpsDeck.Export"/> wrote.</summary>
/// <param name="Directory">the deck folder.</param>
/// <param name="InputScript">path of in.lammps.</param>
/// <param name="DataFile">path of the data file the script reads.</param>
/// <param name="DumpFile">dump file name the script writes (relative to the deck), or null without a protocol.</param>
/// <param name="TotalSteps">MD steps of the protocol.</param>
public sealed record LammpsDeckResult(string Directory, string InputScript, string DataFile, string? DumpFile, long TotalSteps);

/// <summary>
/// Writes a complete LAMMPS deck for a data file and (optionally) a Vitrion protocol: the data file with type names,
/// the input script with the same force field as <see cref="ArigaForceField"/> (<see cref="LammpsInputWriter"/>), the
/// Stillinger–Weber file, and the protocol's stages as LAMMPS commands (FIRE minimisation, nve, nvt/npt iso with
/// Nosé–Hoover chains and the same Tdamp/Pdamp and ramps, velocity creation from a seed), with a custom dump of
/// unwrapped positions, image flags and type names (the <c>element</c> column) that Vitrion's analyses read.
/// </summary>
public static class LammpsDeck
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Exports the deck into <paramref name="outDir"/>.</summary>
    /// <param name="dataPath">input data file.</param>
    /// <param name="protocol">protocol to translate, or null for a <c>run 0</c> energy deck.</param>
    /// <param name="outDir">output folder (created).</param>
    /// <param name="kspace">k-space style.</param>
    /// <param name="accuracy">relative k-space accuracy.</param>
    /// <param name="forceFieldFile">force-field JSON (null = the repository's default).</param>
    public static LammpsDeckResult Export(string dataPath, Protocol? protocol, string outDir, KspaceStyle kspace = KspaceStyle.Pppm, double accuracy = 1e-5, string? forceFieldFile = null)
    {
        var data = LammpsDataReader.Read(dataPath);
        var spec = forceFieldFile is null ? ForceFieldSpec.LoadDefault() : ForceFieldSpec.Load(forceFieldFile);
        var parameters = ForceFieldParameters.Resolve(spec, data.Topology);
        Directory.CreateDirectory(outDir);
        string dataOut = Path.Combine(outDir, "system.data");
        LammpsDataWriter.Write(dataOut, data with { Topology = parameters.Topology });
        var tail = new List<string>();
        string? dump = null;
        long total = 0;
        if (protocol is null)
        {
            tail.Add("run 0");
        }
        else
        {
            var names = data.Topology.TypeNames;
            double dt = protocol.TimestepFs;
            tail.Add($"timestep {F(dt)}");
            tail.Add("thermo_style custom step time temp pe ke etotal press vol density");
            tail.Add($"thermo {protocol.Thermo?.Every ?? 100}");
            if (protocol.Dump is { } d)
            {
                dump = "trajectory.dump";
                tail.Add($"dump traj all custom {d.Every} {dump} id type element xu yu zu ix iy iz vx vy vz");
                tail.Add($"dump_modify traj sort id element {string.Join(" ", names)}");
            }

            int fix = 0;
            foreach (var st in protocol.Stages)
            {
                tail.Add($"# stage '{st.Name}' ({st.Kind}, {st.Steps} steps)");
                if (st.TimestepFs is double sdt) { tail.Add($"timestep {F(sdt)}"); }
                ulong seed = st.Seed ?? protocol.Seed;
                if (st.VelocityTemperature is double vt)
                {
                    tail.Add($"velocity all create {F(vt)} {1 + (int)(seed % 900_000_000)} mom yes rot no dist gaussian");
                }

                switch (st.Kind)
                {
                    case StageKind.Minimise:
                        tail.Add("min_style fire");
                        tail.Add($"minimize 0.0 {F(st.ForceTolerance)} {st.Steps} {10 * st.Steps}");
                        break;
                    default:
                        string id = $"s{++fix}";
                        double t0 = st.Temperature?.Start ?? 300, t1 = st.Temperature?.End ?? 300;
                        double p0 = st.Pressure?.Start ?? 1, p1 = st.Pressure?.End ?? 1;
                        string cmd = st.Kind switch
                        {
                            StageKind.Nve => $"fix {id} all nve",
                            StageKind.Nvt => $"fix {id} all nvt temp {F(t0)} {F(t1)} {F(st.TdampFs)}",
                            StageKind.Npt => $"fix {id} all npt temp {F(t0)} {F(t1)} {F(st.TdampFs)} iso {F(p0)} {F(p1)} {F(st.PdampFs)}",
                            StageKind.Langevin => $"fix {id} all nve\nfix {id}l all langevin {F(t0)} {F(t1)} {F(st.TdampFs)} {1 + (int)(seed % 900_000_000)}",
                            _ => throw new InputException(protocol.SourcePath, st.Line, $"stage kind {st.Kind} has no LAMMPS equivalent"),
                        };
                        if (st.Temperature is PiecewiseSchedule || st.Pressure is PiecewiseSchedule)
                        {
                            throw new InputException(protocol.SourcePath, st.Line, "piecewise schedules cannot be exported to one LAMMPS fix; split the stage into linear pieces");
                        }

                        tail.AddRange(cmd.Split('\n'));
                        tail.Add($"run {st.Steps}");
                        tail.Add($"unfix {id}");
                        if (st.Kind == StageKind.Langevin) { tail.Add($"unfix {id}l"); }
                        total += st.Steps;
                        break;
                }
            }

            tail.Add("write_data final.data");
        }

        var input = LammpsInputWriter.Create("system.data", parameters, new LammpsInputOptions { Kspace = kspace, Accuracy = accuracy, Tail = tail });
        string script = Path.Combine(outDir, "in.lammps");
        input.Write(script);
        var readme = new StringBuilder();
        readme.Append("LAMMPS deck written by vitrion export lammps\n");
        readme.Append("Run:      lmp -in in.lammps            (or mpirun -np N lmp -in in.lammps)\n");
        if (dump is not null)
        {
            readme.Append($"Analyse:  vitrion paper --from-lammps {outDir}   or any 'vitrion analyze ... {dump}'\n");
        }

        AtomicFile.WriteAllText(Path.Combine(outDir, "README.txt"), readme.ToString());
        return new LammpsDeckResult(outDir, script, dataOut, dump, total);
    }
}
