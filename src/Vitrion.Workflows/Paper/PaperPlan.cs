using System.Globalization;
using Vitrion.Core;
using Vitrion.Analysis.Transport;
using Vitrion.Build;
using Vitrion.Dynamics;
using Vitrion.Dynamics.Protocols;
using Vitrion.ForceField;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;
using Vitrion.Learning.Softness;
using Vitrion.Paths;
using Vitrion.Paths.Hops;
using Vitrion.Paths.Neb;
using Vitrion.Workflows.Scheduling;
using Vitrion.Workflows.Tasks;

namespace Vitrion.Workflows.Paper;

/// <summary>
/// The paper as a graph of typed tasks: build → melt-quench → NVT at several T → MSD/D/Arrhenius → structure
/// (clusters, g(r), S(q), Voronoi, energy, traces, homology) → inherent structures → softness (train on the first
/// composition, apply to all, analyse) → rings and NEB hops. Seeds: build 1000+P2S6%, melt-quench 2023+P2S6%,
/// production 7000+T, NEB 1, softness split 42. Every force evaluation uses <see cref="ForceThreads"/> threads
/// whatever the run's budget, so the numbers do not depend on <c>--threads</c> or on the schedule.
/// </summary>
/// <param name="Preset">the preset.</param>
/// <param name="Layout">the run folder.</param>
/// <param name="ForceThreads">threads of every force evaluation (MD, quench, energy, NEB).</param>
/// <param name="Import">for <c>--from-lammps</c>: copies prepared.data and the trajectories of a composition in place of build, melt-quench and MD; null to run them.</param>
public sealed record PaperPlan(PaperPreset Preset, PaperLayout Layout, int ForceThreads = 1, Action<int>? Import = null)
{
    /// <summary>Stage name of a composition (<c>p2s6-05/NAME</c>).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="name">stage.</param>
    /// <returns>full name.</returns>
    public static string Name(int p, string name) => UnitName(p, 1, name);

    /// <summary>Stage name of a temperature (<c>p2s6-05/T700/NAME</c>).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="t">temperature [K].</param>
    /// <param name="name">stage.</param>
    /// <returns>full name.</returns>
    public static string Name(int p, double t, string name) => UnitName(p, 1, t, name);

    /// <summary>Stage name of a replica (<c>p2s6-05-r2/NAME</c>; replica 1 is <c>p2s6-05/NAME</c>).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <param name="name">stage.</param>
    /// <returns>full name.</returns>
    public static string UnitName(int p, int r, string name) => PaperLayout.CompositionName(p, r) + "/" + name;

    /// <summary>Stage name of a temperature of a replica (<c>p2s6-05-r2/T700/NAME</c>).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <param name="t">temperature [K].</param>
    /// <param name="name">stage.</param>
    /// <returns>full name.</returns>
    public static string UnitName(int p, int r, double t, string name) => PaperLayout.CompositionName(p, r) + "/" + PaperLayout.TemperatureName(t) + "/" + name;

    /// <summary>Seed of the random packing of replica <paramref name="r"/>: 1000·r + P2S6 % (replica 1: 1000 + P2S6 %, the single-model seed).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>seed.</returns>
    public static int BuildSeed(int p, int r = 1) => 1000 * r + p;

    /// <summary>Seed of the melt-quench of replica <paramref name="r"/>: 2023 + P2S6 % + 1000·(r − 1).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>seed.</returns>
    public static ulong PrepareSeed(int p, int r = 1) => (ulong)(2023 + p + 1000 * (r - 1));

    /// <summary>Seed of the production run at <paramref name="t"/> of replica <paramref name="r"/>: 7000 + T + 10000·(r − 1).</summary>
    /// <param name="t">temperature [K].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>seed.</returns>
    public static int ProductionSeed(double t, int r = 1) => 7000 + (int)t + 10000 * (r - 1);

    /// <summary>The melt-quench protocol of composition <paramref name="p"/> as a record: FIRE minimisation → NVT melt at 1500 K → NPT 1500 K under 10 kbar (the packing starts at ~1 g/cm³) → NPT quench 1500 → 500 K → NPT relax at 500 K.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>the protocol.</returns>
    public Protocol PrepareProtocol(int p, int r = 1)
    {
        var c = Layout.Composition(p, r);
        var s = Preset.Prepare;
        return new Protocol
        {
            SourcePath = c.PrepareProtocol,
            DataFile = c.Glass,
            ForceField = new ForceFieldSettings(null, "pppm", 1e-5, null, 2.0, ForceThreads),
            Seed = PrepareSeed(p, r),
            TimestepFs = 1.0,
            Thermo = new OutputSpec(c.PrepareThermo, 100),
            FinalData = c.Prepared,
            Stages =
            [
                new ProtocolStage { Name = "minimise", Kind = StageKind.Minimise, Steps = s.Minimise, ForceTolerance = 1.0 },
                new ProtocolStage { Name = "melt", Kind = StageKind.Nvt, Steps = s.Melt, Temperature = Schedule.Constant(1500), TdampFs = 100, VelocityTemperature = 1500 },
                new ProtocolStage { Name = "densify", Kind = StageKind.Npt, Steps = s.Densify, Temperature = Schedule.Constant(1500), Pressure = Schedule.Constant(10000.0), TdampFs = 100, PdampFs = 500 },
                new ProtocolStage { Name = "quench", Kind = StageKind.Npt, Steps = s.Quench, Temperature = Schedule.Linear(1500, 500), Pressure = Schedule.Constant(1.0), TdampFs = 100, PdampFs = 1000 },
                new ProtocolStage { Name = "relax-500K", Kind = StageKind.Npt, Steps = s.Relax, Temperature = Schedule.Constant(500), Pressure = Schedule.Constant(1.0), TdampFs = 100, PdampFs = 1000 },
            ],
        };
    }

    /// <summary>Header comment of the written prepare.toml.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>comment lines.</returns>
    public IReadOnlyList<string> PrepareComment(int p, int r = 1) =>
    [
        $"Melt-quench of the {PaperLayout.CompositionName(p, r)} model written by 'vitrion paper --preset {Preset.Name}' from its Protocol record (SCIENCE.md §1):",
        "FIRE minimisation → NVT melt at 1500 K → NPT 1500 K under 10 kbar (the packing starts at ~1 g/cm³) → NPT quench 1500 → 500 K → NPT relax at 500 K.",
    ];

    /// <summary>The production NVT run of composition <paramref name="p"/> at <paramref name="t"/>.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="t">temperature [K].</param>
    /// <param name="r">replica (1-based).</param>
    /// <returns>MD options.</returns>
    public MdOptions Production(int p, double t, int r = 1)
    {
        var c = Layout.Composition(p, r);
        var tl = c.Temperature(t);
        return new MdOptions
        {
            Data = c.Prepared,
            Steps = Preset.ProductionSteps,
            Ensemble = StageKind.Nvt,
            Temperature = Schedule.Constant(t),
            Seed = ProductionSeed(t, r),
            VelocityTemperatureK = t,
            Dump = tl.Trajectory,
            DumpEvery = Preset.DumpEvery,
            ThermoEvery = 100,
            Log = tl.Thermo,
            Output = tl.Final,
            ForceField = new ForceFieldSettings(null, "pppm", 1e-5, null, 2.0, ForceThreads),
        };
    }

    /// <summary>
    /// The NVT production protocol at <paramref name="t"/> [K] of composition <paramref name="p"/> as a record, for the
    /// LAMMPS engine (<c>TNNN/production.toml</c>, translated into a deck): seed 7000+T, velocities drawn at T, Tdamp
    /// 100 fs, 1 fs steps, dumps every <see cref="PaperPreset.DumpEvery"/> steps, reading the prepared model.
    /// </summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="t">temperature [K].</param>
    /// <returns>the protocol.</returns>
    public Protocol ProductionProtocol(int p, double t)
    {
        var c = Layout.Composition(p);
        var tl = c.Temperature(t);
        return new Protocol
        {
            SourcePath = tl.ProductionProtocol,
            DataFile = c.Prepared,
            ForceField = new ForceFieldSettings(null, "pppm", 1e-5, null, 2.0, ForceThreads),
            Seed = (ulong)(7000 + (int)t),
            TimestepFs = 1.0,
            Thermo = new OutputSpec(tl.Thermo, 100),
            Dump = new OutputSpec(tl.Trajectory, Preset.DumpEvery),
            FinalData = tl.Final,
            Stages =
            [
                new ProtocolStage
                {
                    Name = string.Create(CultureInfo.InvariantCulture, $"production-{t:0}K"), Kind = StageKind.Nvt, Steps = Preset.ProductionSteps,
                    Temperature = Schedule.Constant(t), TdampFs = 100, VelocityTemperature = t,
                },
            ],
        };
    }

    private ForceFieldOptions Field => new() { Kspace = KspaceStyle.Pppm, Accuracy = 1e-5, Threads = ForceThreads };

    /// <summary>
    /// The stages in graph order (long chains first, so that they start first). Every replica of every composition is a
    /// chain of its own (build → melt-quench → production → diffusion/Arrhenius, census, quench → softness → analysis), so
    /// replicas run side by side within the thread budget; the structure analyses (g(r), S(q), Voronoi, energy, traces,
    /// homology, rings) run on replica 1, the NEB hops on every replica of the first composition.
    /// </summary>
    /// <returns>the stages.</returns>
    public IReadOnlyList<StageSpec> Stages()
    {
        var list = new List<StageSpec>();
        var comps = Preset.Compositions;
        var units = Preset.Units.ToList();
        int first = comps[0];
        int replicas = Math.Max(1, Preset.Replicas);
        double ts = Preset.SoftnessTemperature;
        var temps = Preset.Temperatures.OrderBy(t => t == ts ? 0 : 1).ToList(); // the softness temperature first: the longest chain hangs on it
        string Md(int p, int r, double t) => Import is null ? UnitName(p, r, t, "md") : UnitName(p, r, "import");
        string Prep(int p, int r) => Import is null ? UnitName(p, r, "prepare") : UnitName(p, r, "import");
        void Add(string name, string[] deps, bool essential, Action<StageContext> run, int threads = 1) => list.Add(new StageSpec(name, deps.Distinct().ToArray(), threads, essential, run));

        foreach (var (p, r) in units)
        {
            var c = Layout.Composition(p, r);
            if (Import is not null)
            {
                if (r != 1) { throw new InputException("--from-lammps reads one model per composition; run it with --replicas 1"); }
                Add(UnitName(p, r, "import"), [], true, _ => { Directory.CreateDirectory(c.Dir); Import(p); });
                continue;
            }

            Add(UnitName(p, r, "build"), [], true, _ =>
            {
                Directory.CreateDirectory(c.Dir);
                BuildTask.Run(new BuildOptions(GlassComposition.Chen2023(p, Preset.Scale), c.Glass, BuildSeed(p, r)));
            });
        }

        if (Import is null)
        {
            foreach (var (p, r) in units)
            {
                var c = Layout.Composition(p, r);
                Add(UnitName(p, r, "prepare"), [UnitName(p, r, "build")], true, ctx =>
                {
                    var proto = PrepareProtocol(p, r);
                    ProtocolToml.Write(proto, c.PrepareProtocol, PrepareComment(p, r));
                    long total = proto.TotalMdSteps;
                    ProtocolTask.Run(new ProtocolOptions(proto, null, pr => ctx.Report((double)(pr.Step - pr.FirstStep) / Math.Max(1, total), pr.Label), null, Math.Max(1, Math.Min(total / 20, 1000))), ctx.Cancel)
                        .Write(c.PrepareJson);
                }, ForceThreads);
            }

            foreach (double t in temps)
            {
                foreach (var (p, r) in units)
                {
                    var tl = Layout.Composition(p, r).Temperature(t);
                    Add(UnitName(p, r, t, "md"), [UnitName(p, r, "prepare")], true, ctx =>
                    {
                        Directory.CreateDirectory(tl.Dir);
                        MdTask.Run(Production(p, t, r), pr => ctx.Report(pr.Fraction, null), ctx.Cancel).Write(tl.Md);
                    }, ForceThreads);
                }

                if (t == ts)
                {
                    // Inherent structures and the softness chain right after the trajectories they need.
                    AddSoftnessChain();
                }
            }
        }
        else
        {
            AddSoftnessChain();
        }

        void AddSoftnessChain()
        {
            foreach (var (p, r) in units)
            {
                var c = Layout.Composition(p, r);
                var tl = c.Temperature(ts);
                Add(UnitName(p, r, "quench"), [Md(p, r, ts)], false, ctx =>
                {
                    int n = Math.Max(1, Preset.ProductionSteps / Preset.DumpEvery + 1);
                    QuenchTask.Run(new QuenchOptions(tl.Trajectory, c.Prepared, tl.Inherent, true, Field), k => ctx.Report((double)k / n, null)).Write(c.QuenchJson);
                }, ForceThreads);
            }

            var fl = Layout.Composition(first);
            DatasetOptions Dataset(double tail = 0.2) => new(new RadialFeatureSpec(FeatureSet.LiPS, 1.0, 8.0, 0.2, 0.2, null), new LabelRule(tail, tail, null, null), new NonAffineOptions(5.0),
                Preset.SoftnessFrames.Lag, Preset.SoftnessFrames.Window, Preset.SoftnessOrigins.Stride, Preset.SoftnessOrigins.Max);
            var trainer = new TrainerOptions(ClassifierKind.Logistic, 0.2, 42, null, 5, null, SplitUnit.Atom);
            SoftnessTrainOptions TrainOptions(bool study) =>
                new(fl.Temperature(ts).Inherent, Layout.SoftnessModel, Dataset(), trainer, Layout.SoftnessFeatures, study, Layout.SoftnessTrain);

            Action? addFolds = null;
            if (replicas == 1)
            {
                Add("softness/train", [Name(first, "quench")], false, _ =>
                {
                    Directory.CreateDirectory(Layout.SoftnessDir);
                    SoftnessTrainTask.Run(TrainOptions(study: false));
                });
            }
            else
            {
                // The applied model is trained on every replica of the scope; each held-out fold (label tail × replica) is a
                // stage of its own, off the critical path, and "softness/replicas" gathers them.
                var scope = units.Where(u => Preset.SoftnessTrainOn == SoftnessScope.All || u.P2s6Percent == first).ToList();
                var quenches = scope.Select(u => UnitName(u.P2s6Percent, u.Replica, "quench")).ToArray();
                SoftnessReplicaOptions ReplicaOptions() => new(
                    scope.Select(u => new SoftnessGroup(PaperLayout.CompositionName(u.P2s6Percent, u.Replica), Layout.Composition(u.P2s6Percent, u.Replica).Temperature(ts).Inherent, u.Replica)).ToList(),
                    Layout.SoftnessModel, Dataset(), trainer, Preset.SoftnessTails, Preset.SoftnessTrainOn.ToString().ToLowerInvariant(), Layout.SoftnessReplicas);
                Add("softness/train", quenches, false, _ =>
                {
                    Directory.CreateDirectory(Layout.SoftnessDir);
                    var o = ReplicaOptions();
                    SoftnessReplicaTask.Train(o, SoftnessReplicaTask.Datasets(o)).Write(Layout.SoftnessTrain);
                });
                addFolds = () =>
                {
                    var foldStages = new List<string>();
                    foreach (double tail in Preset.SoftnessTails)
                    {
                        for (int h = 1; h <= replicas; h++)
                        {
                            string name = string.Create(CultureInfo.InvariantCulture, $"softness/heldout-{tail * 100:0}-r{h}");
                            foldStages.Add(name);
                            double tl = tail;
                            int ho = h;
                            Add(name, quenches, false, _ =>
                            {
                                Directory.CreateDirectory(Layout.SoftnessDir);
                                var o = ReplicaOptions();
                                Results.ResultJson.Write(Layout.SoftnessFold(tl, ho), SoftnessReplicaTask.HeldOut(o, SoftnessReplicaTask.Datasets(o), tl, ho));
                            });
                        }
                    }

                    Add("softness/replicas", foldStages.Append("softness/train").ToArray(), false, _ =>
                    {
                        var o = ReplicaOptions();
                        var folds = Preset.SoftnessTails.SelectMany(t => Enumerable.Range(1, replicas).Select(h => (t, Results.ResultJson.Read<HeldOutFold>(Layout.SoftnessFold(t, h))))).ToList();
                        SoftnessReplicaTask.Assemble(o, SoftnessTrainRecord.Read(Layout.SoftnessTrain), folds);
                    });
                };
            }

            foreach (var (p, r) in units)
            {
                var c = Layout.Composition(p, r);
                Add(UnitName(p, r, "softness"), ["softness/train", UnitName(p, r, "quench")], false, _ =>
                    SoftnessApplyTask.Run(new SoftnessApplyOptions(Layout.SoftnessModel, c.Temperature(ts).Inherent, c.Softness, c.SoftnessXyz)));
            }

            for (int r = 1; r <= replicas; r++)
            {
                var fr = Layout.Composition(first, r);
                int seed = r;
                Add(UnitName(first, r, "neb"), [UnitName(first, r, "softness")], false, ctx =>
                {
                    Directory.CreateDirectory(fr.NebDir);
                    var hop = new HopOptions
                    {
                        Images = Preset.NebImages,
                        Idpp = true,
                        RelaxGlassFirst = true,
                        Threads = ForceThreads,
                        MobileRadius = 6.0,
                        Relaxation = new MinimizerOptions { ForceTolerance = Preset.Neb.RelaxFmax, MaxSteps = Preset.Neb.RelaxSteps, MaxStep = 0.1 },
                        Neb = new NebOptions { Climb = true, ForceTolerance = Preset.Neb.Fmax, ClimbStartTolerance = 0.5, SpringConstant = 5.0, MaxSteps = Preset.Neb.MaxSteps, MaxStep = 0.1, Minimizer = "fire" },
                    };
                    var rec = NebBatchTask.Run(new NebBatchOptions { Data = fr.Prepared, Softness = fr.Softness, Csv = fr.NebCsv, Pairs = Preset.NebPairs, Seed = seed, Hop = hop, Field = Field },
                        (done, total) => ctx.Report((double)done / total, null));
                    Results.ResultJson.Write(fr.NebJson, rec);
                });
            }

            // The feature-set study (Fig. S1): one stage per set, after the chain that leads to the NEB hops (the longest), on the same labels, split and seed.
            foreach (var set in Enum.GetValues<FeatureSet>())
            {
                Add("softness/study-" + set, [Name(first, "quench")], false, _ =>
                {
                    Directory.CreateDirectory(Layout.SoftnessDir);
                    Results.ResultJson.Write(Layout.SoftnessStudy(set.ToString()), SoftnessTrainTask.Study(TrainOptions(study: true), set));
                });
            }

            // Held-out folds last: they fill the gaps beside the MD and do not hold up the softness chain.
            addFolds?.Invoke();
        }

        foreach (var (p, r) in units)
        {
            var c = Layout.Composition(p, r);
            var tl = c.Temperature(ts);
            foreach (double t in Preset.Temperatures)
            {
                var tt = c.Temperature(t);
                Add(UnitName(p, r, t, "diffusion"), [Md(p, r, t)], false, _ => DiffusionTask.Run(new DiffusionTaskOptions(tt.Trajectory, tt.Diffusion, tt.MsdPng, t)));
            }

            Add(UnitName(p, r, "arrhenius"), Preset.Temperatures.Select(t => UnitName(p, r, t, "diffusion")).Append(Prep(p, r)).ToArray(), false, _ =>
            {
                var model = ModelRecord.Of(c.Prepared);
                var pts = Preset.Temperatures.Select(t => c.Temperature(t)).Select(t => (T: t.TemperatureK, D: DiffusionRecord.Read(t.Diffusion)))
                    .Select(x => new DiffusionPoint(x.T, x.D.DCm2PerS, x.D.SigmaDCm2PerS)).ToList();
                ArrheniusTask.Run(new ArrheniusTaskOptions(pts, 300, model.Li, model.VolumeA3, c.Arrhenius, c.ArrheniusPng));
            });
            Add(UnitName(p, r, "clusters"), [Prep(p, r)], false, _ => ClustersTask.Run(new ClustersOptions(c.Prepared, c.ClustersDir, c.Clusters)));
            if (r == 1)
            {
                Add(Name(p, "rdf"), [Md(p, r, ts)], false, _ => RdfTask.Run(new RdfTaskOptions(tl.Trajectory, "Li-S,P-S,Li-Li,S-S", c.RdfDir, 10)).Write(c.Rdf));
                Add(Name(p, "sq"), [Md(p, r, ts)], false, _ => SqTask.Run(new SqTaskOptions(tl.Trajectory, c.SqDir, c.Sq)));
                Add(Name(p, "voronoi"), [Prep(p, r)], false, _ => VoronoiTask.Run(new VoronoiTaskOptions(c.Prepared, c.VoronoiCsv, 1)).Write(c.Voronoi));
                Add(Name(p, "energy"), [Prep(p, r)], false, _ => EnergyTask.Run(new EnergyOptions(c.Prepared, c.Energy, Field)), ForceThreads);
                Add(Name(p, "trace"), [Md(p, r, ts)], false, _ => TraceTask.Run(new TraceTaskOptions(tl.Trajectory, c.Trace)).Write(c.TraceJson));
                Add(Name(p, "homology"), [Prep(p, r)], false, _ => HomologyTask.Run(new HomologyOptions(c.Prepared, c.HomologyDir)));
            }

            Add(UnitName(p, r, "softness-analysis"), [UnitName(p, r, "softness")], false, _ =>
                SoftnessAnalyzeTask.Run(new SoftnessAnalyzeOptions(tl.Inherent, c.Softness, c.SoftnessAnalysisDir, [InherentStructure.EnergyColumn, QuenchTask.VoronoiColumn])));
            if (r == 1)
            {
                Add(Name(p, "rings"), [Name(p, "softness"), Prep(p, r)], false, _ => HomologyTask.Rings(new RingsOptions(new HomologyOptions(c.Prepared, c.RingsDir), c.Softness)));
            }
        }

        return list;
    }

    /// <summary>Gathers the typed results a run left in its folder.</summary>
    /// <param name="stages">status of every stage.</param>
    /// <param name="engine">vitrion or lammps.</param>
    /// <param name="fromLammps">folder of the LAMMPS trajectories, or null.</param>
    /// <returns>results.json's record.</returns>
    public PaperResults Collect(IReadOnlyDictionary<string, StageRecord> stages, string engine, string? fromLammps)
    {
        var units = Preset.Units.Select(u => CompositionResults.Load(Layout.Composition(u.P2s6Percent, u.Replica), Preset.Temperatures)).ToList();
        var comps = units.Where(u => u.Replica == 1).ToList();
        var model = Results.ResultJson.TryRead<SoftnessTrainRecord>(Layout.SoftnessTrain);
        if (model is not null)
        {
            // The study's sets were trained by stages of their own; a set whose stage failed is left out.
            model = model with
            {
                Study = Enum.GetValues<FeatureSet>().Select(set => Results.ResultJson.TryRead<FeatureSetScoreRecord>(Layout.SoftnessStudy(set.ToString())))
                    .OfType<FeatureSetScoreRecord>().ToList(),
            };
        }

        var replicaModel = Results.ResultJson.TryRead<SoftnessReplicaRecord>(Layout.SoftnessReplicas);
        var hops = units.Where(u => u.Neb is not null).SelectMany(u => u.Neb!.Hops.Select(h => (PaperLayout.CompositionName(u.P2s6Percent, u.Replica), h))).ToList();
        var pooled = units.GroupBy(u => u.P2s6Percent).Select(g => PooledComposition.Of(g.Key, g.ToList())).ToList();
        var barriers = hops.Count == 0 ? null : PaperClaims.Barriers(hops);
        return new PaperResults(PaperResults.SchemaName, Preset.Name, engine, fromLammps, ForceThreads, Math.Max(1, Preset.Replicas), stages, comps, units, pooled, model, replicaModel, barriers,
            PaperClaims.Judge(units, model, replicaModel, hops.Select(h => h.Item2).ToList()));
    }

    /// <summary>Seeds of the run, in words (manifest.json).</summary>
    public static string Seeds => "replica r (from 1): build 1000·r+P2S6%, protocol 2023+P2S6%+1000·(r−1), production 7000+T+10000·(r−1), NEB r; softness split 42";

    /// <summary>Invariant text of a number (as written in protocols and manifests).</summary>
    /// <param name="v">value.</param>
    /// <returns>text.</returns>
    public static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
