using System.CommandLine;
using Vitrion.Cli.Options;
using Vitrion.Core;
using Vitrion.IO;
using Vitrion.IO.Lammps;
using Vitrion.IO.Xyz;

namespace Vitrion.Cli.Commands;

/// <summary><c>vitrion convert IN OUT</c>: between LAMMPS data, LAMMPS dump and extended XYZ.</summary>
public sealed class ConvertCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input: LAMMPS data (.data/.lmp), LAMMPS dump (.dump/.lammpstrj) or extended XYZ (.xyz/.extxyz)." };
        var output = new Argument<string>("output") { Description = "Output file; its format comes from the extension unless --to is given. Written atomically." }.Output(OutputKind.File, "input");
        var to = new Option<string?>("--to") { Description = "Output format: data, dump or xyz (default: from the output extension)." };
        var frame = new Option<int?>("--frame") { Description = "Convert only this frame (0-based; negative counts from the end, -1 = last). Default: all frames; a data output, which holds one frame, gets the last." };
        var columns = new Option<string?>("--columns") { Description = "Dump output columns, comma-separated, from: id type element mol q mass x y z xu yu zu xs ys zs xsu ysu zsu ix iy iz vx vy vz fx fy fz and any extra per-atom column of the input. Default: id,type,x,y,z,ix,iy,iz plus vx,vy,vz / fx,fy,fz / extra columns when present." };
        var (format, typeNames, topology) = IoCli.InputOptions();
        var cmd = new Command("convert",
            "Convert between LAMMPS data, LAMMPS dump and extended XYZ (which ASE and OVITO read). Numbers keep full precision, " +
            "so a round trip reproduces them exactly. A data output from a dump or XYZ input is atom_style full with the topology " +
            "of --topology (its coefficient sections too), otherwise atom_style atomic with masses from the type names.")
        {
            input, output, to, frame, columns, format, typeNames, topology,
        };
        cmd.SetAction(pr => ErrorHandling.Guard(() =>
        {
            string inPath = pr.GetValue(input)!;
            string outPath = pr.GetValue(output)!;
            string inFormat = StructureFile.FormatOf(inPath, pr.GetValue(format));
            string outFormat = StructureFile.FormatOf(outPath, pr.GetValue(to));
            var options = IoCli.ReadOptions(inPath, inFormat, pr.GetValue(typeNames), pr.GetValue(topology));
            int? index = pr.GetValue(frame);
            if (Path.GetFullPath(inPath) == Path.GetFullPath(outPath) && outFormat != "data")
            {
                // The shared check (OutputPaths) lets a data file be rewritten in place (read whole, written atomically);
                // a dump or XYZ output streams while the input is still being read.
                throw new InputException(outPath, 0, "output is the input file; writing there would destroy it, choose another output path");
            }

            IEnumerable<Frame> frames = StructureFile.ReadFrames(inPath, options);
            if (index is int k) { frames = [Select(frames, k, inPath)]; }
            int written;
            if (outFormat == "data")
            {
                LammpsData? template = null;
                if (inFormat == "data")
                {
                    template = LammpsDataReader.Read(inPath, new LammpsDataReadOptions { TypeNames = options.TypeNames });
                }
                else if (pr.GetValue(topology) is string topoPath)
                {
                    template = LammpsDataReader.Read(topoPath, new LammpsDataReadOptions { TypeNames = options.TypeNames });
                }

                Frame? last = null;
                int n = 0;
                foreach (var f in frames) { last = f; n++; }
                if (last is null) { throw new InputException(inPath, 0, "file holds no frame"); }
                if (n > 1) { Console.Error.WriteLine($"vitrion: note: {n} frames in {inPath}; writing the last (choose with --frame)"); }
                var data = inFormat == "data" && index is null
                    ? template!
                    : LammpsData.FromFrame(last, options.Topology ?? template?.Topology, template);
                LammpsDataWriter.Write(outPath, data);
                written = 1;
                Console.Out.WriteLine($"wrote {outPath} (LAMMPS data, atom_style {data.AtomStyle}, {data.Topology.AtomCount} atoms, {data.Topology.Bonds.Length} bonds)");
                return 0;
            }

            var counted = Count(frames);
            try
            {
                if (outFormat == "dump")
                {
                    var cols = pr.GetValue(columns) is string c ? c.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
                    LammpsDumpWriter.WriteAll(outPath, counted.Frames, cols);
                }
                else
                {
                    if (pr.GetValue(columns) is not null) { throw new InputException("--columns applies to dump output only"); }
                    ExtendedXyzWriter.WriteAll(outPath, counted.Frames);
                }
            }
            catch (ArgumentException e)
            {
                throw new InputException(outPath, 0, e.Message);
            }

            written = counted.N();
            if (written == 0) { throw new InputException(inPath, 0, "file holds no frame"); }
            Console.Out.WriteLine($"wrote {outPath} ({(outFormat == "dump" ? "LAMMPS dump" : "extended XYZ")}, {written} frame(s))");
            return 0;
        }));
        return cmd;
    }

    private static (IEnumerable<Frame> Frames, Func<int> N) Count(IEnumerable<Frame> frames)
    {
        int n = 0;
        IEnumerable<Frame> Iterate()
        {
            foreach (var f in frames)
            {
                n++;
                yield return f;
            }
        }

        return (Iterate(), () => n);
    }

    private static Frame Select(IEnumerable<Frame> frames, int index, string path)
    {
        if (index >= 0)
        {
            int k = 0;
            foreach (var f in frames)
            {
                if (k++ == index) { return f; }
            }

            throw new InputException(path, 0, $"--frame {index}: the file has only {k} frame(s)");
        }

        var ring = new Queue<Frame>();
        int total = 0;
        foreach (var f in frames)
        {
            total++;
            ring.Enqueue(f);
            if (ring.Count > -index) { ring.Dequeue(); }
        }

        if (ring.Count < -index) { throw new InputException(path, 0, $"--frame {index}: the file has only {total} frame(s)"); }
        return ring.Peek();
    }
}
