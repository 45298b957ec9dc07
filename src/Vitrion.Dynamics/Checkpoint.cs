using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.IO;

namespace Vitrion.Dynamics;

/// <summary>
/// Everything needed to continue a run bitwise: step, time, box, positions [Å], velocities [Å/fs], image flags,
/// the integrator's name and state (thermostat/barostat variables, RNG state), the stage bounds, and free-form
/// metadata (e.g. the protocol stage index and output positions), and the force field's construction box and last
/// neighbour-list build, so a resumed run rebuilds exactly the force calculation it left. Binary, little-endian
/// (doubles bit for bit), with a SHA-256 trailer; written atomically.
/// </summary>
public sealed record Checkpoint
{
    private const string Magic = "VITRION-CHECKPOINT";
    private const int FormatVersion = 2; // 2: potential/neighbour-list state for exact restarts, SHA-256 trailer

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
        PotentialBox = (sim.Potential as ArigaForceField)?.InitialBox,
        NeighborBox = (sim.Potential as ArigaForceField)?.NeighborBuildBox,
        NeighborPositions = sim.Potential is ArigaForceField { NeighborBuildBox: not null } ff ? ff.NeighborReferencePositions.ToArray() : null,
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

    /// <summary>
    /// The box the potential was constructed in (it fixes the k-space grid and g_ewald); null when the potential is not
    /// the Ariga force field. A resumed run constructs its force field in this box.
    /// </summary>
    public Box? PotentialBox { get; init; }

    /// <summary>The box of the potential's last neighbour-list build (null: none recorded).</summary>
    public Box? NeighborBox { get; init; }

    /// <summary>The positions [Å] of the potential's last neighbour-list build (null: none recorded).</summary>
    public Vec3[]? NeighborPositions { get; init; }

    /// <summary>Writes the checkpoint atomically (temporary file + rename): the payload, then its SHA-256.</summary>
    public void Write(string path)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(Step);
            w.Write(TimeFs);
            WriteBox(w, Box);
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
            w.Write(PotentialBox is not null);
            if (PotentialBox is not null) { WriteBox(w, PotentialBox); }
            bool nl = NeighborBox is not null && NeighborPositions is not null;
            w.Write(nl);
            if (nl)
            {
                WriteBox(w, NeighborBox!);
                w.Write(NeighborPositions!.Length);
                foreach (var p in NeighborPositions) { w.Write(p.X); w.Write(p.Y); w.Write(p.Z); }
            }
        }

        byte[] payload = ms.ToArray();
        byte[] hash = SHA256.HashData(payload);
        AtomicFile.Write(path, s =>
        {
            s.Write(payload, 0, payload.Length);
            s.Write(hash, 0, hash.Length);
        });
    }

    /// <summary>Reads a checkpoint written by <see cref="Write"/>, refusing a damaged file (checksum) with one clear message.</summary>
    public static Checkpoint Read(string path)
    {
        if (Directory.Exists(path)) { throw new InputException(path, 0, "is a directory, not a checkpoint file"); }
        if (!File.Exists(path)) { throw new InputException(path, 0, "checkpoint file not found"); }
        byte[] all = File.ReadAllBytes(path);
        try
        {
            using (var head = new BinaryReader(new MemoryStream(all), Encoding.UTF8))
            {
                string magic;
                try { magic = head.ReadString(); }
                catch (Exception e) when (e is EndOfStreamException or FormatException or IOException) { magic = string.Empty; }
                if (magic != Magic) { throw new InputException(path, 0, "not a Vitrion checkpoint file"); }
                int version = head.ReadInt32();
                if (version != FormatVersion) { throw new InputException(path, 0, $"checkpoint format {version} is not supported (expected {FormatVersion}); start the run again"); }
            }

            if (all.Length < HashBytes + 8) { throw new EndOfStreamException(); }
            var payload = all.AsSpan(0, all.Length - HashBytes);
            if (!SHA256.HashData(payload).AsSpan().SequenceEqual(all.AsSpan(all.Length - HashBytes)))
            {
                throw new InputException(path, 0, "checkpoint is damaged: its SHA-256 checksum does not match the contents (truncated, or bytes changed since it was written); resume from an intact checkpoint or start the run again");
            }

            using var r = new BinaryReader(new MemoryStream(all, 0, all.Length - HashBytes), Encoding.UTF8);
            r.ReadString();
            r.ReadInt32();
            long step = r.ReadInt64();
            double time = r.ReadDouble();
            var box = ReadBox(r);
            int n = r.ReadInt32();
            if (n < 0 || (long)n * 60 > all.Length) { throw new EndOfStreamException(); }
            var pos = new Vec3[n];
            var vel = new Vec3[n];
            var img = new Int3[n];
            for (int i = 0; i < n; i++) { pos[i] = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()); }
            for (int i = 0; i < n; i++) { vel[i] = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()); }
            for (int i = 0; i < n; i++) { img[i] = new Int3(r.ReadInt32(), r.ReadInt32(), r.ReadInt32()); }
            string integrator = r.ReadString();
            int isLength = r.ReadInt32();
            if (isLength < 0 || isLength > all.Length) { throw new EndOfStreamException(); }
            var istate = r.ReadBytes(isLength);
            long begin = r.ReadInt64(), end = r.ReadInt64();
            int nm = r.ReadInt32();
            var meta = ImmutableDictionary.CreateBuilder<string, string>();
            for (int i = 0; i < nm; i++) { meta[r.ReadString()] = r.ReadString(); }
            Box? potentialBox = r.ReadBoolean() ? ReadBox(r) : null;
            Box? neighborBox = null;
            Vec3[]? neighborPositions = null;
            if (r.ReadBoolean())
            {
                neighborBox = ReadBox(r);
                int m = r.ReadInt32();
                if (m < 0 || (long)m * 24 > all.Length) { throw new EndOfStreamException(); }
                neighborPositions = new Vec3[m];
                for (int i = 0; i < m; i++) { neighborPositions[i] = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()); }
            }

            return new Checkpoint
            {
                Step = step, TimeFs = time, Box = box,
                Positions = pos, Velocities = vel, Images = img, Integrator = integrator, IntegratorState = istate,
                BeginStep = begin, EndStep = end, Metadata = meta.ToImmutable(),
                PotentialBox = potentialBox, NeighborBox = neighborBox, NeighborPositions = neighborPositions,
            };
        }
        catch (EndOfStreamException)
        {
            throw new InputException(path, 0, "checkpoint file is truncated");
        }
        catch (ArgumentException e)
        {
            throw new InputException(path, 0, "checkpoint holds an invalid value: " + e.Message);
        }
    }

    private const int HashBytes = 32;

    private static void WriteBox(BinaryWriter w, Box b)
    {
        w.Write(b.Origin.X); w.Write(b.Origin.Y); w.Write(b.Origin.Z);
        w.Write(b.Lx); w.Write(b.Ly); w.Write(b.Lz); w.Write(b.Xy); w.Write(b.Xz); w.Write(b.Yz);
        w.Write(b.Periodic.X); w.Write(b.Periodic.Y); w.Write(b.Periodic.Z);
    }

    private static Box ReadBox(BinaryReader r)
    {
        var origin = new Vec3(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
        double lx = r.ReadDouble(), ly = r.ReadDouble(), lz = r.ReadDouble(), xy = r.ReadDouble(), xz = r.ReadDouble(), yz = r.ReadDouble();
        var per = (r.ReadBoolean(), r.ReadBoolean(), r.ReadBoolean());
        return new Box(origin, lx, ly, lz, xy, xz, yz, per);
    }
}
