using System.Globalization;
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
    public static string Name(int p, string name) => PaperLayout.CompositionName(p) + "/" + name;

    /// <summary>Stage name of a temperature (<c>p2s6-05/T700/NAME</c>).</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="t">temperature [K].</param>
    /// <param name="name">stage.</param>
    /// <returns>full name.</returns>
    public static string Name(int p, double t, string name) => PaperLayout.CompositionName(p) + "/" + PaperLayout.TemperatureName(t) + "/" + name;

    /// <summary>The melt-quench protocol of composition <paramref name="p"/> as a record: FIRE minimisation → NVT melt at 1500 K → NPT 1500 K under 10 kbar (the packing starts at ~1 g/cm³) → NPT quench 1500 → 500 K → NPT relax at 500 K.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <returns>the protocol.</returns>
    public Protocol PrepareProtocol(int p)
    {
        var c = Layout.Composition(p);
        var s = Preset.Prepare;
        return new Protocol
        {
            SourcePath = c.PrepareProtocol,
            DataFile = c.Glass,
            ForceField = new ForceFieldSettings(null, "pppm", 1e-5, null, 2.0, ForceThreads),
            Seed = (ulong)(2023 + p),
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
    /// <returns>comment lines.</returns>
    public IReadOnlyList<string> PrepareComment(int p) =>
    [
        $"Melt-quench of the {PaperLayout.CompositionName(p)} model written by 'vitrion paper --preset {Preset.Name}' from its Protocol record (SCIENCE.md §1):",
        "FIRE minimisation → NVT melt at 1500 K → NPT 1500 K under 10 kbar (the packing starts at ~1 g/cm³) → NPT quench 1500 → 500 K → NPT relax at 500 K.",
    ];

    /// <summary>The production NVT run of composition <paramref name="p"/> at <paramref name="t"/>.</summary>
    /// <param name="p">P2S6 share [%].</param>
    /// <param name="t">temperature [K].</param>
    /// <returns>MD options.</returns>
    public MdOptions Production(int p, double t)
    {
        var c = Layout.Composition(p);
        var tl = c.Temperature(t);
        return new MdOptions
        {
            Data = c.Prepared,
            Steps = Preset.ProductionSteps,
            Ensemble = StageKind.Nvt,
            Temperature = Schedule.Constant(t),
            Seed = 7000 + (int)t,
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

    /// <summary>The stages in graph order (long chains first, so that they start first).</summary>
    /// <returns>the stages.</returns>
    public IReadOnlyList<StageSpec> Stages()
    {
        var list = new List<StageSpec>();
        var comps = Preset.Compositions;
        int first = comps[0];
        double ts = Preset.SoftnessTemperature;
        var temps = Preset.Temperatures.OrderBy(t => t == ts ? 0 : 1).ToList(); // the softness temperature first: the longest chain hangs on it
        string Md(int p, double t) => Import is null ? Name(p, t, "md") : Name(p, "import");
        string Prep(int p) => Import is null ? Name(p, "prepare") : Name(p, "import");
        void Add(string name, string[] deps, bool essential, Action<StageContext> run, int threads = 1) => list.Add(new StageSpec(name, deps.Distinct().ToArray(), threads, essential, run));

        foreach (int p in comps)
        {
            var c = Layout.Composition(p);
            if (Import is not null)
            {
                Add(Name(p, "import"), [], true, _ => { Directory.CreateDirectory(c.Dir); Import(p); });
                continue;
            }

            Add(Name(p, "build"), [], true, _ =>
            {
                Directory.CreateDirectory(c.Dir);
                BuildTask.Run(new BuildOptions(GlassComposition.Chen2023(p, Preset.Scale), c.Glass, 1000 + p));
            });
        }

        if (Import is null)
        {
            foreach (int p in comps)
            {
                var c = Layout.Composition(p);
                Add(Name(p, "prepare"), [Name(p, "build")], true, ctx =>
                {
                    var proto = PrepareProtocol(p);
                    ProtocolToml.Write(proto, c.PrepareProtocol, PrepareComment(p));
                    long total = proto.TotalMdSteps;
                    ProtocolTask.Run(new ProtocolOptions(proto, null, pr => ctx.Report((double)(pr.Step - pr.FirstStep) / Math.Max(1, total), pr.Label), null, Math.Max(1, Math.Min(total / 20, 1000))), ctx.Cancel)
                        .Write(c.PrepareJson);
                }, ForceThreads);
            }

            foreach (double t in temps)
            {
                foreach (int p in comps)
                {
                    var tl = Layout.Composition(p).Temperature(t);
                    Add(Name(p, t, "md"), [Name(p, "prepare")], true, ctx =>
                    {
                        Directory.CreateDirectory(tl.Dir);
                        MdTask.Run(Production(p, t), pr => ctx.Report(pr.Fraction, null), ctx.Cancel).Write(tl.Md);
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
            foreach (int p in comps)
            {
                var c = Layout.Composition(p);
                var tl = c.Temperature(ts);
                Add(Name(p, "quench"), [Md(p, ts)], false, ctx =>
                {
                    int n = Math.Max(1, Preset.ProductionSteps / Preset.DumpEvery + 1);
                    QuenchTask.Run(new QuenchOptions(tl.Trajectory, c.Prepared, tl.Inherent, true, Field), k => ctx.Report((double)k / n, null)).Write(c.QuenchJson);
                }, ForceThreads);
            }

            var fl = Layout.Composition(first);
            SoftnessTrainOptions TrainOptions(bool study)
            {
                var spec = new RadialFeatureSpec(FeatureSet.LiPS, 1.0, 8.0, 0.2, 0.2, null);
                var dopt = new DatasetOptions(spec, new LabelRule(0.2, 0.2, null, null), new NonAffineOptions(5.0), Preset.SoftnessFrames.Lag, Preset.SoftnessFrames.Window,
                    Preset.SoftnessOrigins.Stride, Preset.SoftnessOrigins.Max);
                var topt = new TrainerOptions(ClassifierKind.Logistic, 0.2, 42, null, 5, null, SplitUnit.Atom);
                return new SoftnessTrainOptions(fl.Temperature(ts).Inherent, Layout.SoftnessModel, dopt, topt, Layout.SoftnessFeatures, study, Layout.SoftnessTrain);
            }

            Add("softness/train", [Name(first, "quench")], false, _ =>
            {
                Directory.CreateDirectory(Layout.SoftnessDir);
                SoftnessTrainTask.Run(TrainOptions(study: false));
            });

            foreach (int p in comps)
            {
                var c = Layout.Composition(p);
                Add(Name(p, "softness"), ["softness/train", Name(p, "quench")], false, _ =>
                    SoftnessApplyTask.Run(new SoftnessApplyOptions(Layout.SoftnessModel, c.Temperature(ts).Inherent, c.Softness, c.SoftnessXyz)));
            }

            Add(Name(first, "neb"), [Name(first, "softness")], false, ctx =>
            {
                Directory.CreateDirectory(fl.NebDir);
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
                var rec = NebBatchTask.Run(new NebBatchOptions { Data = fl.Prepared, Softness = fl.Softness, Csv = fl.NebCsv, Pairs = Preset.NebPairs, Seed = 1, Hop = hop, Field = Field },
                    (done, total) => ctx.Report((double)done / total, null));
                Results.ResultJson.Write(fl.NebJson, rec);
            });

            // The feature-set study (Fig. S1): one stage per set, after the chain that leads to the NEB hops (the longest), on the same labels, split and seed.
            foreach (var set in Enum.GetValues<FeatureSet>())
            {
                Add("softness/study-" + set, [Name(first, "quench")], false, _ =>
                {
                    Directory.CreateDirectory(Layout.SoftnessDir);
                    Results.ResultJson.Write(Layout.SoftnessStudy(set.ToString()), SoftnessTrainTask.Study(TrainOptions(study: true), set));
                });
            }
        }

        foreach (int p in comps)
        {
            var c = Layout.Composition(p);
            var tl = c.Temperature(ts);
            foreach (double t in Preset.Temperatures)
            {
                var tt = c.Temperature(t);
                Add(Name(p, t, "diffusion"), [Md(p, t)], false, _ => DiffusionTask.Run(new DiffusionTaskOptions(tt.Trajectory, tt.Diffusion, tt.MsdPng, t)));
            }

            Add(Name(p, "arrhenius"), Preset.Temperatures.Select(t => Name(p, t, "diffusion")).Append(Prep(p)).ToArray(), false, _ =>
            {
                var model = ModelRecord.Of(c.Prepared);
                var pts = Preset.Temperatures.Select(t => c.Temperature(t)).Select(t => (T: t.TemperatureK, D: DiffusionRecord.Read(t.Diffusion)))
                    .Select(x => new DiffusionPoint(x.T, x.D.DCm2PerS, x.D.SigmaDCm2PerS)).ToList();
                ArrheniusTask.Run(new ArrheniusTaskOptions(pts, 300, model.Li, model.VolumeA3, c.Arrhenius, c.ArrheniusPng));
            });
            Add(Name(p, "clusters"), [Prep(p)], false, _ => ClustersTask.Run(new ClustersOptions(c.Prepared, c.ClustersDir, c.Clusters)));
            Add(Name(p, "rdf"), [Md(p, ts)], false, _ => RdfTask.Run(new RdfTaskOptions(tl.Trajectory, "Li-S,P-S,Li-Li,S-S", c.RdfDir, 10)).Write(c.Rdf));
            Add(Name(p, "sq"), [Md(p, ts)], false, _ => SqTask.Run(new SqTaskOptions(tl.Trajectory, c.SqDir, c.Sq)));
            Add(Name(p, "voronoi"), [Prep(p)], false, _ => VoronoiTask.Run(new VoronoiTaskOptions(c.Prepared, c.VoronoiCsv, 1)).Write(c.Voronoi));
            Add(Name(p, "energy"), [Prep(p)], false, _ => EnergyTask.Run(new EnergyOptions(c.Prepared, c.Energy, Field)), ForceThreads);
            Add(Name(p, "trace"), [Md(p, ts)], false, _ => TraceTask.Run(new TraceTaskOptions(tl.Trajectory, c.Trace)).Write(c.TraceJson));
            Add(Name(p, "homology"), [Prep(p)], false, _ => HomologyTask.Run(new HomologyOptions(c.Prepared, c.HomologyDir)));
            Add(Name(p, "softness-analysis"), [Name(p, "softness")], false, _ =>
                SoftnessAnalyzeTask.Run(new SoftnessAnalyzeOptions(tl.Inherent, c.Softness, c.SoftnessAnalysisDir, [InherentStructure.EnergyColumn, QuenchTask.VoronoiColumn])));
            Add(Name(p, "rings"), [Name(p, "softness"), Prep(p)], false, _ => HomologyTask.Rings(new RingsOptions(new HomologyOptions(c.Prepared, c.RingsDir), c.Softness)));
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
        var comps = Preset.Compositions.Select(p => CompositionResults.Load(Layout.Composition(p), Preset.Temperatures)).ToList();
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

        return new PaperResults(PaperResults.SchemaName, Preset.Name, engine, fromLammps, ForceThreads, stages, comps, model, PaperClaims.Judge(comps, model));
    }

    /// <summary>Seeds of the run, in words (manifest.json).</summary>
    public static string Seeds => "build 1000+P2S6%, protocol 2023+P2S6%, production 7000+T, NEB 1, softness split 42, pair sampling 1";

    /// <summary>Invariant text of a number (as written in protocols and manifests).</summary>
    /// <param name="v">value.</param>
    /// <returns>text.</returns>
    public static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
