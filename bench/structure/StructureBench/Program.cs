using System.Diagnostics;
using System.Globalization;
using Vitrion.Analysis.Structure;
using Vitrion.IO;

// In-process timings of the structure analyses on one frame (after a warm-up run, so JIT is excluded):
// wall and CPU time per run, best of five (BENCH_REPS), with the thread count set by DOTNET_PROCESSOR_COUNT.
// Usage: StructureBench GLASS.data [NAME_PREFIX,...] (default: all cases).
string path = args.Length > 0 ? args[0] : throw new ArgumentException("usage: StructureBench GLASS.data");
string[]? only = args.Length > 1 && args[1].Length > 0 ? args[1].Split(',') : null;
int reps = int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int nr) && nr > 0 ? nr : 5;
var frame = StructureFile.ReadFrame(path);
void Time(string name, Action a)
{
    if (only is not null && !only.Any(o => name.StartsWith(o, StringComparison.Ordinal))) { return; }
    a();
    double bestWall = double.MaxValue, bestCpu = double.MaxValue;
    for (int r = 0; r < reps; r++)
    {
        var p = Process.GetCurrentProcess();
        var cpu0 = p.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        a();
        sw.Stop();
        p.Refresh();
        bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
        bestCpu = Math.Min(bestCpu, (p.TotalProcessorTime - cpu0).TotalSeconds);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} inproc wall {bestWall:F4} s cpu {bestCpu:F4} s (threads {Environment.ProcessorCount})"));
}

Time("voronoi", () => new Voronoi().Compute(frame));
Time("rdf_all_200bins_10A", () => new RadialDistribution("*-*", new RdfOptions { RMax = 10, Bins = 200 }).Add(frame));
Time("rdf_4_partials_LiLi_LiS_PS_all", () => new RadialDistribution("Li-Li,Li-S,P-S,*-*", new RdfOptions { RMax = 10, Bins = 200 }).Add(frame));
Time("rdf_6_partials", () => new RadialDistribution("Li-Li,Li-P,Li-S,P-P,P-S,S-S", new RdfOptions { RMax = 10, Bins = 200 }).Add(frame));
Time("clusters_geometry", () => AnionClusters.FromGeometry(frame));
Time("sq_fourier", () => StructureFactor.FromFrames([frame], new SqOptions { QMax = 12, QStep = 0.02, BinWidth = 0.02 }));
