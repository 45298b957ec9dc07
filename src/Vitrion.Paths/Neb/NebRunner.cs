using System.Diagnostics;

namespace Vitrion.Paths.Neb;

/// <summary>Settings of a (climbing-image) NEB run.</summary>
public sealed record NebOptions
{
    /// <summary>Spring constant k [kcal/mol/Å²]; default 5.</summary>
    public double SpringConstant { get; init; } = 5.0;

    /// <summary>Turn on the climbing image after the initial relaxation (default true).</summary>
    public bool Climb { get; init; } = true;

    /// <summary>Final force tolerance: largest atomic NEB force norm of any interior image [kcal/mol/Å]; default 0.1.</summary>
    public double ForceTolerance { get; init; } = 0.1;

    /// <summary>
    /// Force tolerance of the initial (non-climbing) relaxation [kcal/mol/Å]; the climbing image is switched on
    /// once it is met or after <see cref="MaxStepsBeforeClimb"/> steps. Default 0.5.
    /// </summary>
    public double ClimbStartTolerance { get; init; } = 0.5;

    /// <summary>Step limit of the initial relaxation (default 300). If the band does not reach <see cref="ClimbStartTolerance"/> within it, climbing is skipped (reported in the message) and the band relaxes without climbing.</summary>
    public int MaxStepsBeforeClimb { get; init; } = 300;

    /// <summary>Step limit of the final (climbing) stage (default 2000).</summary>
    public int MaxSteps { get; init; } = 2000;

    /// <summary>Largest displacement of any atom of any image in one step [Å]; default 0.1.</summary>
    public double MaxStep { get; init; } = 0.1;

    /// <summary>The minimiser driving the band ("fire", the default, or "lbfgs").</summary>
    public string Minimizer { get; init; } = "fire";

    /// <summary>FIRE parameters.</summary>
    public FireParameters Fire { get; init; } = new();

    /// <summary>Evaluate images in parallel (default true).</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>Called after each band step (may be null).</summary>
    public Action<MinimizationProgress>? Observer { get; init; }

    internal IMinimizer CreateMinimizer() => Minimizer.ToLowerInvariant() switch
    {
        "fire" => new Fire(),
        "lbfgs" or "l-bfgs" => new Lbfgs(),
        _ => throw new ArgumentException($"unknown minimiser '{Minimizer}' (use fire or lbfgs)."),
    };
}

/// <summary>Saddle estimate from the band.</summary>
/// <param name="MaxImage">index of the highest interior image.</param>
/// <param name="MaxImageEnergy">its energy [kcal/mol].</param>
/// <param name="SplineEnergy">maximum of the cubic (Hermite) spline through energies and tangential forces (ASE NEBTools) [kcal/mol].</param>
/// <param name="SplinePathCoordinate">path coordinate of that maximum [Å].</param>
public sealed record SaddleEstimate(int MaxImage, double MaxImageEnergy, double SplineEnergy, double SplinePathCoordinate);

/// <summary>The outcome of a NEB run.</summary>
/// <param name="Converged">whether the final force tolerance was met.</param>
/// <param name="Steps">band steps taken (both stages).</param>
/// <param name="MaxForce">final largest atomic NEB force [kcal/mol/Å].</param>
/// <param name="ClimbingImageForce">largest atomic true force on the climbing image [kcal/mol/Å] (NaN without climbing).</param>
/// <param name="ClimbingImage">the climbing image (−1 without climbing).</param>
/// <param name="Energies">energy of every image [kcal/mol].</param>
/// <param name="PathCoordinates">path coordinate of every image [Å].</param>
/// <param name="TangentialForces">true force along the tangent of every image [kcal/mol/Å].</param>
/// <param name="Images">coordinates of every image.</param>
/// <param name="Saddle">the saddle estimate.</param>
/// <param name="WallSeconds">wall time [s].</param>
/// <param name="Message">a one-line report.</param>
public sealed record NebResult(bool Converged, int Steps, double MaxForce, double ClimbingImageForce, int ClimbingImage,
    IReadOnlyList<double> Energies, IReadOnlyList<double> PathCoordinates, IReadOnlyList<double> TangentialForces,
    IReadOnlyList<double[]> Images, SaddleEstimate Saddle, double WallSeconds, string Message)
{
    /// <summary>
    /// Forward barrier: highest image energy (end images included, as LAMMPS' EBF) − initial energy [kcal/mol]
    /// (Fig. 4B convention); never negative, and forward − backward = final − initial energy.
    /// </summary>
    public double ForwardBarrier => Energies.Max() - Energies[0];

    /// <summary>Backward barrier: highest image energy (end images included, as LAMMPS' EBR) − final energy [kcal/mol].</summary>
    public double BackwardBarrier => Energies.Max() - Energies[^1];

    /// <summary>
    /// How far the lowest interior image lies below the lower end state [kcal/mol] (0 when none does): a band
    /// that found a lower minimum between its ends (common in glasses, where the surroundings relax into
    /// another basin) describes two hops, not one; batch results report it.
    /// </summary>
    public double InteriorDip => Math.Max(0, Math.Min(Energies[0], Energies[^1]) - Energies.Skip(1).Take(Energies.Count - 2).DefaultIfEmpty(double.PositiveInfinity).Min());
}

/// <summary>Runs a climbing-image NEB: initial relaxation without climbing, then with the climbing image.</summary>
public static class NebRunner
{
    /// <summary>Relaxes a band and returns energies, path coordinates, the saddle estimate and convergence.</summary>
    /// <param name="images">one optimisable per image, ends included (independent instances: they run in parallel).</param>
    /// <param name="initialPath">initial coordinates of every image (e.g. from <see cref="NebPath.Linear"/> or <see cref="NebPath.Idpp"/>).</param>
    /// <param name="options">settings.</param>
    /// <returns>the result.</returns>
    public static NebResult Run(IReadOnlyList<IOptimizable> images, IReadOnlyList<double[]> initialPath, NebOptions options)
    {
        var clock = Stopwatch.StartNew();
        var band = new NudgedElasticBand(images, initialPath, options.SpringConstant, options.Parallel);
        var x = new double[band.Dimension];
        band.GetCoordinates(x);
        var minimizer = options.CreateMinimizer();
        var stage1 = new MinimizerOptions
        {
            ForceTolerance = options.Climb ? Math.Max(options.ClimbStartTolerance, options.ForceTolerance) : options.ForceTolerance,
            MaxSteps = options.Climb ? options.MaxStepsBeforeClimb : options.MaxSteps,
            MaxStep = options.MaxStep,
            Fire = options.Fire,
            Observer = options.Observer,
        };
        var r = minimizer.Minimize(band, x, stage1);
        int steps = r.Steps;
        string climbNote = "";
        if (options.Climb)
        {
            // Climbing on a band that is far from converged can run the climbing image up a wall (its tangent
            // rotates as it moves); so climb only once the band reached the climb-start tolerance, otherwise
            // keep relaxing without climbing and say so.
            if (!r.Converged)
            {
                // Give the plain band more time to reach the climb-start tolerance before giving up on climbing.
                var more = minimizer.Minimize(band, x, stage1 with { MaxSteps = Math.Max(stage1.MaxSteps, options.MaxSteps / 2) });
                steps += more.Steps;
                r = more;
            }

            band.Climb = r.Converged;
            if (!r.Converged)
            {
                climbNote = FormattableString.Invariant($" (climbing skipped: the band did not reach {stage1.ForceTolerance:G4} kcal/mol/Å in {steps} steps)");
            }

            var stage2 = stage1 with { ForceTolerance = options.ForceTolerance, MaxSteps = options.MaxSteps };
            r = minimizer.Minimize(band, x, stage2);
            steps += r.Steps;
        }

        // Make sure the band's state corresponds to x (the minimisers end on an evaluation of x).
        var energies = band.Energies.ToArray();
        var s = band.PathCoordinates();
        var ft = band.TangentialForces();
        var imgs = Enumerable.Range(0, band.ImageCount).Select(i => band.Image(i).ToArray()).ToArray();
        var saddle = EstimateSaddle(energies, s, ft);
        double ciForce = band.ClimbingImage >= 0 ? band.MaxTrueForce(band.ClimbingImage) : double.NaN;
        var result = new NebResult(r.Converged, steps, r.MaxForce, ciForce, band.ClimbingImage, energies, s, ft, imgs, saddle, clock.Elapsed.TotalSeconds, "");
        string msg = FormattableString.Invariant($"NEB {(r.Converged ? "converged" : "NOT converged")} after {steps} steps: max NEB force {r.MaxForce:G4} (tolerance {options.ForceTolerance:G4}) kcal/mol/Å; ")
            + FormattableString.Invariant($"barrier forward {result.ForwardBarrier:F4}, backward {result.BackwardBarrier:F4} kcal/mol; ")
            + (band.ClimbingImage >= 0 ? FormattableString.Invariant($"climbing image {band.ClimbingImage} (max force {ciForce:G4} kcal/mol/Å)") : "no climbing image") + climbNote;
        return result with { Message = msg };
    }

    /// <summary>
    /// The saddle estimate: the highest interior image, and the maximum of the piecewise cubic Hermite spline
    /// E(s) through the image energies with slopes dE/ds = −F·τ (as ASE's NEBTools fit).
    /// </summary>
    /// <param name="energies">image energies [kcal/mol].</param>
    /// <param name="s">path coordinates [Å].</param>
    /// <param name="tangentialForces">F·τ per image [kcal/mol/Å].</param>
    /// <param name="samplesPerSegment">spline samples per segment (default 200).</param>
    public static SaddleEstimate EstimateSaddle(IReadOnlyList<double> energies, IReadOnlyList<double> s, IReadOnlyList<double> tangentialForces, int samplesPerSegment = 200)
    {
        int m = energies.Count;
        int maxImage = 1;
        for (int i = 1; i < m - 1; i++)
        {
            if (energies[i] > energies[maxImage]) { maxImage = i; }
        }

        double best = double.NegativeInfinity, bestS = 0;
        for (int i = 0; i < m - 1; i++)
        {
            double h = s[i + 1] - s[i];
            double y0 = energies[i], y1 = energies[i + 1];
            double d0 = -tangentialForces[i] * h, d1 = -tangentialForces[i + 1] * h;
            for (int k = 0; k <= samplesPerSegment; k++)
            {
                double t = (double)k / samplesPerSegment;
                double t2 = t * t, t3 = t2 * t;
                double e = (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * d1;
                if (e > best) { best = e; bestS = s[i] + t * h; }
            }
        }

        return new SaddleEstimate(maxImage, energies[maxImage], best, bestS);
    }
}
