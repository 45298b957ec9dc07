using System.Diagnostics;
using System.Globalization;
using Vitrion.Analysis.Transport;
using Vitrion.Core;
using Vitrion.IO;

// Windowed-MSD speed: FFT (O(N T log T)) against the direct O(N T²) average, on synthetic random walks.
// Usage: dotnet run -c Release -- speed [atoms=2580] [frames=10000] [directAtoms=26] [threads=-1]
//        dotnet run -c Release -- lammps DIR   (agreement numbers on the cached LAMMPS run of the test suite)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string mode = args.Length > 0 ? args[0] : "speed";
if (mode == "lammps") { Lammps(args[1]); return; }
int atoms = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2580;
int frames = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10000;
int directAtoms = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 26;
int threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : -1;

var sw = Stopwatch.StartNew();
var traj = Walks(atoms, frames, 0.001, 1.0, 1);
Console.WriteLine($"built {atoms} atoms x {frames} frames in {sw.Elapsed.TotalSeconds:F1} s; trajectory {traj.Bytes / 1e6:F0} MB");
Msd.Windowed(Walks(50, 256, 0.001, 1, 2)); // warm-up (JIT)
GC.Collect();
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
sw.Restart();
double c0 = Cpu();
var fft = Msd.Windowed(traj, perAtom: false, maxDegreeOfParallelism: threads);
double tFft = sw.Elapsed.TotalSeconds, cFft = Cpu() - c0;
sw.Restart();
c0 = Cpu();
var fftPer = Msd.Windowed(traj, perAtom: true, maxDegreeOfParallelism: threads);
double tFftPer = sw.Elapsed.TotalSeconds, cFftPer = Cpu() - c0;
Console.WriteLine($"FFT windowed MSD: {tFft:F2} s wall / {cFft:F2} s CPU (mean only); {tFftPer:F2} s wall / {cFftPer:F2} s CPU (with per-atom MSD at {fftPer.SampledLags.Length} lags); threads {(threads < 0 ? Environment.ProcessorCount : threads)}");
Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");

// Direct method on a subset of atoms (all frames), extrapolated linearly in N.
var sub = Subset(traj, directAtoms);
sw.Restart();
c0 = Cpu();
var direct = Msd.WindowedDirect(sub);
double tDirectWall = sw.Elapsed.TotalSeconds, tDirect = Cpu() - c0;
var fftSub = Msd.Windowed(sub, perAtom: false);
double worst = 0;
for (int m = 1; m < frames; m++) { worst = Math.Max(worst, Math.Abs(fftSub.MsdA2[m] - direct[m]) / direct[m]); }
double extrapolated = tDirect * atoms / directAtoms;
Console.WriteLine($"direct O(N T^2) on {directAtoms} atoms: {tDirectWall:F1} s wall / {tDirect:F1} s CPU -> {extrapolated:F0} s CPU extrapolated to {atoms} atoms (1 thread)");
Console.WriteLine($"FFT vs direct on the subset: max relative difference {worst:E2}");
Console.WriteLine($"speed-up in CPU time, FFT (mean only) vs direct: {extrapolated / cFft:F0}x; FFT with per-atom: {extrapolated / cFftPer:F0}x");

static UnwrappedTrajectory Walks(int n, int t, double d, double dt, int seed)
{
    var rng = new Random(seed);
    double s = Math.Sqrt(2 * d * dt);
    var list = new List<double[]>(t);
    var cur = new double[3 * n];
    for (int k = 0; k < t; k++)
    {
        if (k > 0)
        {
            var next = new double[3 * n];
            for (int j = 0; j < next.Length; j++)
            {
                next[j] = cur[j] + s * Math.Sqrt(12) * (rng.NextDouble() - 0.5); // uniform steps of the same variance (cheap)
            }

            cur = next;
        }

        list.Add(cur);
    }

    return new UnwrappedTrajectory(Enumerable.Range(0, t).Select(k => k * dt).ToArray(), new Vec3[n], list, Enumerable.Range(1, n).ToArray(), new int[n], ["Li"]);
}

static UnwrappedTrajectory Subset(UnwrappedTrajectory tr, int n)
{
    var list = new List<double[]>(tr.FrameCount);
    for (int k = 0; k < tr.FrameCount; k++) { list.Add(tr.FrameData(k)[..(3 * n)].ToArray()); }
    return new UnwrappedTrajectory(tr.TimesFs, new Vec3[n], list, Enumerable.Range(1, n).ToArray(), new int[n], ["Li"]);
}

static void Lammps(string dir)
{
    string[] names = ["P2", "S2", "Pa", "S1", "Sc", "P4", "S4", "Li"];
    var o = new StructureReadOptions { TypeNames = names };
    var lmp = new SortedDictionary<long, double[]>();
    foreach (var line in File.ReadLines(Path.Combine(dir, "msd.txt")))
    {
        if (line.StartsWith('#')) { continue; }
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        lmp[long.Parse(p[0], CultureInfo.InvariantCulture)] = p.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    foreach (var file in new[] { "wrapped.dump", "unwrapped.dump" })
    {
        var frames = StructureFile.ReadFrames(Path.Combine(dir, file), o).ToList();
        var r = MsdAnalysis.Compute(frames, new MsdOptions { Mode = MsdMode.Origin, Com = ComReference.Group });
        double worst = 0;
        for (int k = 1; k < frames.Count; k++)
        {
            var row = lmp[frames[k].Step];
            double[] mine = [r.MsdXA2[k], r.MsdYA2[k], r.MsdZA2[k], r.MsdA2[k]];
            for (int c = 0; c < 4; c++) { worst = Math.Max(worst, Math.Abs(mine[c] - row[c]) / row[c]); }
        }

        Console.WriteLine($"{file}: {r.AtomCount} Li, {frames.Count} frames, single-origin MSD vs LAMMPS compute msd com yes: max relative difference {worst:E2} (final MSD {r.MsdA2[^1]:F4} Å², LAMMPS {lmp[frames[^1].Step][3]:F4})");
    }

    var wf = StructureFile.ReadFrames(Path.Combine(dir, "wrapped.dump"), o).ToList();
    var uf = StructureFile.ReadFrames(Path.Combine(dir, "unwrapped.dump"), o).ToList();
    var cont = new Unwrapper(UnwrapMode.Continuous, startFromImages: false);
    double wc = 0;
    int crossings = 0;
    for (int k = 0; k < wf.Count; k++)
    {
        var w = wf[k];
        var bare = new Frame(w.Box, w.Positions.ToArray(), w.Ids.ToArray(), w.Types.ToArray(), w.TypeNames) { Step = w.Step };
        var rc = cont.Unwrap(bare);
        for (int i = 0; i < rc.Length; i++)
        {
            wc = Math.Max(wc, (rc[i] + w.Box.Translation(wf[0].Images![i]) - uf[k].Positions[i]).Norm);
            if (k > 0 && w.Images![i] != wf[k - 1].Images![i]) { crossings++; }
        }
    }

    Console.WriteLine($"continuous unwrapping from wrapped positions vs LAMMPS xu: max deviation {wc:E2} Å over {crossings} boundary crossings");
    var c2 = new TrajectoryCollector(new CollectorOptions { Com = ComReference.System });
    foreach (var f in wf) { c2.Add(f); }
    var tr = c2.Build();
    var fft = Msd.Windowed(tr);
    var dir2 = Msd.WindowedDirect(tr);
    double wd = 0;
    for (int m = 1; m < dir2.Length; m++) { wd = Math.Max(wd, Math.Abs(fft.MsdA2[m] - dir2[m]) / dir2[m]); }
    Console.WriteLine($"windowed FFT MSD vs direct average on the glass: max relative difference {wd:E2}");
}
