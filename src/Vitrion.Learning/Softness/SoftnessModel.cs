using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vitrion.Core;
using Vitrion.Learning.Features;
using Vitrion.Learning.Labels;
using Vitrion.Learning.Model;

namespace Vitrion.Learning.Softness;

/// <summary>What the model was trained on (for the record in the model file).</summary>
/// <param name="Source">trajectory path(s).</param>
/// <param name="Frames">frames read.</param>
/// <param name="Origins">time origins pooled (frame indices).</param>
/// <param name="WindowFrames">Dcum window length [frames].</param>
/// <param name="LagFrames">D²min lag [frames].</param>
/// <param name="Samples">labelled samples.</param>
/// <param name="Soft">soft samples.</param>
/// <param name="Hard">hard samples.</param>
/// <param name="TestFraction">fraction held out for testing.</param>
/// <param name="Train">metrics on the training set.</param>
/// <param name="Test">metrics on the test set.</param>
/// <param name="CrossValidation">mean k-fold validation accuracy per C tried.</param>
/// <param name="NonAffineCutoff">D²min neighbour cutoff [Å].</param>
/// <param name="SplitByAtom">whether the split kept every Li's samples on one side (false in models saved before it existed).</param>
public sealed record TrainingSummary(
    string Source, int Frames, int[] Origins, int WindowFrames, int LagFrames, int Samples, int Soft, int Hard,
    double TestFraction, ClassificationMetrics Train, ClassificationMetrics Test, IReadOnlyDictionary<string, double> CrossValidation,
    double NonAffineCutoff, bool SplitByAtom = false);

/// <summary>
/// A trained softness model: feature definition, scaler, hyperplane and the record of how it was made.
/// Softness S = (w·z + b)/‖w‖ with z the standardised features (S &gt; 0 soft, S &lt; 0 hard; units of standard
/// deviations of the features).
/// </summary>
public sealed record SoftnessModel
{
    /// <summary>File format tag.</summary>
    public string Format { get; init; } = "vitrion-softness-model/1";

    /// <summary>Software that wrote the file.</summary>
    public string SoftwareVersion { get; init; } = "vitrion " + (typeof(SoftnessModel).Assembly.GetName().Version?.ToString() ?? "?");

    /// <summary>Feature definition.</summary>
    public required RadialFeatureSpec Features { get; init; }

    /// <summary>Feature names in order (checked when applying).</summary>
    public required string[] FeatureNames { get; init; }

    /// <summary>Standardisation.</summary>
    public required StandardScaler Scaler { get; init; }

    /// <summary>Classifier kind.</summary>
    public ClassifierKind Classifier { get; init; } = ClassifierKind.Logistic;

    /// <summary>Weights w (standardised feature space).</summary>
    public required double[] Weights { get; init; }

    /// <summary>Bias b.</summary>
    public required double Bias { get; init; }

    /// <summary>Regularisation strength C (sklearn convention: larger = weaker regularisation).</summary>
    public required double C { get; init; }

    /// <summary>Seed of the split and folds.</summary>
    public required int Seed { get; init; }

    /// <summary>Label rule.</summary>
    public required LabelRule Labels { get; init; }

    /// <summary>Training record (null for models assembled by hand).</summary>
    public TrainingSummary? Training { get; init; }

    /// <summary>‖w‖.</summary>
    [JsonIgnore]
    public double WeightNorm => Math.Sqrt(Weights.Sum(v => v * v));

    /// <summary>Decision value w·z + b of a raw feature row.</summary>
    public double Decision(double[] features)
    {
        var z = Scaler.Transform(features);
        double s = Bias;
        for (int f = 0; f < z.Length; f++) { s += Weights[f] * z[f]; }
        return s;
    }

    /// <summary>Softness of a raw feature row.</summary>
    public double Softness(double[] features) => Decision(features) / WeightNorm;

    /// <summary>Throws a clear <see cref="InputException"/> unless <paramref name="names"/> are exactly the features this model was trained on.</summary>
    public void RequireFeatures(IReadOnlyList<string> names, string? source = null)
    {
        if (names.SequenceEqual(FeatureNames)) { return; }
        var missing = FeatureNames.Except(names).Take(3).ToArray();
        var extra = names.Except(FeatureNames).Take(3).ToArray();
        throw new InputException(source, 0,
            $"features do not match the model: it was trained on {FeatureNames.Length} features ({Features.Set}, μ {Fmt(Features.MuMin)}–{Fmt(Features.MuMax)} step {Fmt(Features.MuStep)} Å, L {Fmt(Features.Width)} Å), got {names.Count}" +
            (missing.Length > 0 ? $"; missing e.g. {string.Join(", ", missing)}" : string.Empty) +
            (extra.Length > 0 ? $"; unexpected e.g. {string.Join(", ", extra)}" : string.Empty) +
            (missing.Length == 0 && extra.Length == 0 ? "; same names in a different order" : string.Empty) +
            "; compute features with the model's own definition (softness apply does) or retrain");
    }

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>JSON options used for model files.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serialises the model (numbers round-trip exactly).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the model atomically.</summary>
    public void Save(string path) => Vitrion.IO.AtomicFile.WriteAllText(path, ToJson());

    /// <summary>
    /// Checks every value of a model before it is used: the feature definition (positive μ step and width, a bounded
    /// number of features), the lengths of weights, scaler mean and scale, finite weights, bias and means, and positive
    /// finite scales (a zero scale would give ±∞ softness, a NaN mean NaN softness).
    /// </summary>
    /// <exception cref="InputException">naming <paramref name="path"/> and the first bad value.</exception>
    public static void Check(SoftnessModel m, string path)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Features is null || m.FeatureNames is null || m.Scaler?.Mean is null || m.Scaler.Scale is null || m.Weights is null || m.Labels is null)
        {
            throw new InputException(path, 0, "model file is incomplete: it needs features, feature_names, scaler (mean, scale), weights and labels");
        }

        try
        {
            m.Features.Validate();
        }
        catch (InputException e)
        {
            throw new InputException(path, 0, "model feature definition: " + e.Reason);
        }

        double perBlock = Math.Floor((m.Features.MuMax - m.Features.MuMin) / m.Features.MuStep) + 1;
        if (!(perBlock <= 100_000))
        {
            throw new InputException(path, 0, FormattableString.Invariant($"model feature definition asks for {perBlock:G3} μ values per block (μ {m.Features.MuMin}–{m.Features.MuMax} step {m.Features.MuStep} Å); the file is corrupt"));
        }

        int n = m.FeatureNames.Length;
        if (m.Weights.Length != n || m.Scaler.Mean.Length != n || m.Scaler.Scale.Length != n || m.Features.FeatureNames().Length != n)
        {
            throw new InputException(path, 0, FormattableString.Invariant(
                $"model file is inconsistent: {n} feature names, {m.Weights.Length} weights, {m.Scaler.Mean.Length} scaler means, {m.Scaler.Scale.Length} scaler scales, {m.Features.FeatureCount} features from the definition; they must agree"));
        }

        for (int f = 0; f < n; f++)
        {
            if (!double.IsFinite(m.Weights[f])) { throw new InputException(path, 0, $"model weight {f} ({m.FeatureNames[f]}) is not a finite number"); }
            if (!double.IsFinite(m.Scaler.Mean[f])) { throw new InputException(path, 0, $"model scaler mean {f} ({m.FeatureNames[f]}) is not a finite number"); }
            if (!(m.Scaler.Scale[f] > 0 && double.IsFinite(m.Scaler.Scale[f])))
            {
                throw new InputException(path, 0, FormattableString.Invariant($"model scaler scale {f} ({m.FeatureNames[f]}) must be a positive finite number, got {m.Scaler.Scale[f]}"));
            }
        }

        if (!double.IsFinite(m.Bias)) { throw new InputException(path, 0, "model bias is not a finite number"); }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    /// <summary>Reads a model file; a malformed file or a bad value gives an <see cref="InputException"/>.</summary>
    public static SoftnessModel Load(string path)
    {
        if (Directory.Exists(path)) { throw new InputException(path, 0, "is a directory, not a softness model file"); }
        if (!File.Exists(path)) { throw new InputException(path, 0, "model file not found (train one with `vitrion softness train`)"); }
        SoftnessModel? m;
        try
        {
            m = JsonSerializer.Deserialize<SoftnessModel>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InputException(path, (int)(ex.LineNumber ?? 0) + 1, "not a valid softness model file: " + OneLine(ex.Message));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or System.Text.DecoderFallbackException)
        {
            throw new InputException(path, 0, "not a valid softness model file: " + OneLine(ex.Message));
        }

        if (m is null || !m.Format.StartsWith("vitrion-softness-model/", StringComparison.Ordinal))
        {
            throw new InputException(path, 0, "not a Vitrion softness model file (Format tag missing)");
        }

        Check(m, path);
        return m;
    }
}
