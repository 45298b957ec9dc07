using System.Collections.Immutable;
using System.Text;
using Vitrion.Core;
using Vitrion.IO;

namespace Vitrion.Dynamics;

/// <summary>
/// Everything needed to continue a run bitwise: step, time, box, positions [Å], velocities [Å/fs], image flags,
/// the integrator's name and state (thermostat/barostat variables, RNG state), the stage bounds, and free-form
/// metadata (e.g. the protocol stage index and output positions). Binary, little-endian, written atomically.
/// </summary>
public sealed record Checkpoint
{
    private const string Magic = "VITRION-CHECKPOINT";
    private const int FormatVersion = 1;

    /// <summary>Timestep counter.</summary>
    public required long Step { get; init; }

    /// <summary>Simulated time [fs].</summary>
    public required double TimeFs { get; init; }

    /// <summary>The box.</summary>
    public required Box Box { get; init; }

    /// <summary>Positions [Å].</summary>
    public required Vec3[] Positions { get; init; }

    /// <summary>Velocities [Å/fs].</summary>
    public required Vec3[] Velocities { get; init; }

    /// <summary>Image flags.</summary>
    public required Int3[] Images { get; init; }

    /// <summary>Integrator name ("nve", "nvt", "npt", "langevin").</summary>
    public required string Integrator { get; init; }

    /// <summary>Integrator state bytes (<see cref="Simulation.IntegratorState"/>).</summary>
    public required byte[] IntegratorState { get; init; }

    /// <summary>First step of the stage.</summary>
    public required long BeginStep { get; init; }

    /// <summary>Last step of the stage.</summary>
    public required long EndStep { get; init; }

    /// <summary>Free-form metadata (key → value).</summary>
    public ImmutableDictionary<string, string> Metadata { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>A checkpoint of a simulation now.</summary>
    public static Checkpoint Of(Simulation sim, IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Step = sim.State.Step,
        TimeFs = sim.State.TimeFs,
        Box = sim.State.Box,
        Positions = (Vec3[])sim.State.Positions.Clone(),
        Velocities = (Vec3[])sim.State.Velocities.Clone(),
        Images = (Int3[])sim.State.Images.Clone(),
        Integrator = sim.Integrator.Name,
        IntegratorState = sim.IntegratorState(),
        BeginStep = sim.BeginStep,
        EndStep = sim.EndStep,
        Metadata = metadata?.ToImmutableDictionary() ?? ImmutableDictionary<string, string>.Empty,
    };

    /// <summary>Copies positions, velocities, images, box, step and time into <paramref name="state"/> (same atom count).</summary>
    public void ApplyTo(SystemState state)
    {
        if (state.AtomCount != Positions.Length)
        {
            throw new InputException($"the checkpoint holds {Positions.Length} atoms but the system has {state.AtomCount}");
        }

        Array.Copy(Positions, state.Positions, Positions.Length);
        Array.Copy(Velocities, state.Velocities, Velocities.Length);
        Array.Copy(Images, state.Images, Images.Length);
        state.Box = Box;
        state.Step = Step;
        state.TimeFs = TimeFs;
        state.Touch();
    }

    /// <summary>Writes the checkpoint atomically (temporary file + rename).</summary>
    public void Write(string path) => AtomicFile.Write(path, s =>
    {
        using var w = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FormatVersion);
        w.Write(Step);
        w.Write(TimeFs);
        w.Write(Box.Origin.X); w.Write(Box.Origin.Y); w.Write(Box.Origin.Z);
        w.Write(Box.Lx); w.Write(Box.Ly); w.Write(Box.Lz); w.Write(Box.Xy); w.Write(Box.Xz); w.Write(Box.Yz);
        w.Write(Box.Periodic.X); w.Write(Box.Periodic.Y); w.Write(Box.Periodic.Z);
        w.Write(Positions.Length);
        foreach (var p in Positions) { w.Write(p.X); w.Write(p.Y); w.Write(p.Z); }
        foreach (var v in Velocities) { w.Write(v.X); w.Write(v.Y); w.Write(v.Z); }
        foreach (var im in Images) { w.Write(im.X); w.Write(im.Y); w.Write(im.Z); }
        w.Write(Integrator);
        w.Write(IntegratorState.Length);
        w.Write(IntegratorState);
        w.Write(BeginStep);
        w.Write(EndStep);
        w.Write(Metadata.Count);
        foreach (var (k, v) in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { w.Write(k); w.Write(v); }
    });

    /// <summary>Reads a checkpoint written by <see cref="Write"/>.</summary>
    public static Checkpoint Read(string path)
    {
        using var fs = File.OpenRead(path);
        using var r = new BinaryReader(fs, Encoding.UTF8);
        try
        {
            if (r.ReadString() != Magic) { throw new InputException(path, 0, "not a Vitrion checkpoint file"); }
            int version = r.ReadInt32();
            if (version != FormatVersion) { throw new InputException(path, 0, $"checkpoint format {version} is not supported (expected {FormatVersion})"); }
            long step = r.ReadInt64();
            double time = r.ReadDouble();
            var origin = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
            double lx = r.ReadDouble(), ly = r.ReadDouble(), lz = r.ReadDouble(), xy = r.ReadDouble(), xz = r.ReadDouble(), yz = r.ReadDouble();
            var per = (r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean());
            int n = r.ReadInt32();
            var pos = new Vec3[n];
            var vel = new Vec3[n];
            var img = new Int3[n];
            for (int i = 0; i < n; i++) { pos[i] = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()); }
            for (int i = 0; i < n; i++) { vel[i] = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()); }
            for (int i = 0; i < n; i++) { img[i] = new Int3(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()); }
            string integrator = r.ReadString();
            var istate = r.ReadBytes(r.ReadInt32());
            long begin = r.ReadInt64(), end = r.ReadInt64();
            int nm = r.ReadInt32();
            var meta = ImmutableDictionary.CreateBuilder<string, string>();
            for (int i = 0; i < nm; i++) { meta[r.ReadString()] = r.ReadString(); }
            return new Checkpoint
            {
                Step = step, TimeFs = time, Box = new Box(origin, lx, ly, lz, xy, xz, yz, per),
                Positions = pos, Velocities = vel, Images = img, Integrator = integrator, IntegratorState = istate,
                BeginStep = begin, EndStep = end, Metadata = meta.ToImmutable(),
            };
        }
        catch (EndOfStreamException)
        {
            throw new InputException(path, 0, "checkpoint file is truncated");
        }
    }
}
