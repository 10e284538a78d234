using System.Text.Json.Serialization;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Web.Api;

// The JSON the REST API speaks. Segments are numbered from 1 and named as people read them ("Segment 1 · Champions",
// from SegmentNames); zero-based labels never appear here.

/// <summary>An uploaded dataset: its identity, shape, features and what reading and cleaning did.</summary>
public sealed record DatasetResponse(
    string Id,
    string Name,
    string Sha256,
    int Customers,
    FileShape Shape,
    IReadOnlyList<string> Features,
    FeatureChoice DefaultFeatures,
    DatasetQuality Quality,
    IReadOnlyList<string> Warnings,
    DateTimeOffset UploadedAt);

/// <summary>Clustering features and the subset transformed with log1p before standardising.</summary>
public sealed record FeatureChoice(IReadOnlyList<string> Features, IReadOnlyList<string> Log1p);

/// <summary>What reading and cleaning did to the file.</summary>
/// <param name="RowsRead">Data rows read.</param>
/// <param name="Removed">Lines removed per cleaning rule (transaction files; empty for customer tables).</param>
/// <param name="Kept">Lines (or customer rows) kept.</param>
/// <param name="Invoices">Distinct invoices kept (transaction files).</param>
/// <param name="Products">Distinct products kept (transaction files).</param>
/// <param name="DateRange">First and last purchase kept (transaction files).</param>
/// <param name="IssueCount">Unparseable lines in all.</param>
/// <param name="Issues">The first 20 unparseable lines: line, column, value and reason.</param>
public sealed record DatasetQuality(
    long RowsRead,
    IReadOnlyList<RemovedLines> Removed,
    long Kept,
    int? Invoices,
    int? Products,
    DateRange? DateRange,
    long IssueCount,
    IReadOnlyList<DataIssue> Issues);

/// <summary>Lines one cleaning rule removed.</summary>
public sealed record RemovedLines(string Rule, long Count, string Description);

/// <summary>A span of dates.</summary>
public sealed record DateRange(DateTime From, DateTime To);

/// <summary>An unparseable line: where, what and why.</summary>
public sealed record DataIssue(long Line, string Column, string Value, string Reason);

/// <summary>
/// Segmentation settings; every field is optional and defaults to the app's (K-Means, k = 4, seed 42; the dataset's
/// default features). The fields and ranges are those of the Segments page.
/// </summary>
public sealed record SegmentationRequest
{
    /// <summary>KMeans, Hierarchical, Dbscan or GaussianMixture.</summary>
    public SegmentationAlgorithm? Algorithm { get; init; }

    /// <summary>Segments (2 to 50; K-Means, hierarchical cut by k, mixtures).</summary>
    public int? NumberOfClusters { get; init; }

    /// <summary>Seed of every random choice.</summary>
    public int? Seed { get; init; }

    /// <summary>DBSCAN neighbourhood radius in the scaled space (greater than 0).</summary>
    public double? Eps { get; init; }

    /// <summary>DBSCAN neighbours a core customer needs (at least 1).</summary>
    public int? MinSamples { get; init; }

    /// <summary>Hierarchical linkage: Ward, Complete, Average or Single.</summary>
    public Linkage? Linkage { get; init; }

    /// <summary>Mixture covariance: Full, Tied, Diagonal or Spherical.</summary>
    public CovarianceType? CovarianceType { get; init; }

    /// <summary>Hierarchical cut: ByClusters or ByHeight.</summary>
    public HierarchicalCutMode? CutMode { get; init; }

    /// <summary>Hierarchical cut height (ByHeight).</summary>
    public double? CutHeight { get; init; }

    /// <summary>Clustering features (default: the dataset's default features).</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Features transformed with log1p (default: the skewed ones among <see cref="Features"/>).</summary>
    public IReadOnlyList<string>? Log1p { get; init; }
}

/// <summary>The settings a segmentation ran with, every default filled in.</summary>
public sealed record EffectiveSegmentation(
    SegmentationAlgorithm Algorithm,
    int NumberOfClusters,
    int Seed,
    double Eps,
    int MinSamples,
    Linkage Linkage,
    CovarianceType CovarianceType,
    HierarchicalCutMode CutMode,
    double CutHeight,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Log1p,
    string Description);

/// <summary>A segmentation of a dataset: segments, quality metrics, caveats and (optionally) every customer's segment.</summary>
public sealed record SegmentationResponse(
    string DatasetId,
    EffectiveSegmentation Settings,
    IReadOnlyList<SegmentSummary> Segments,
    SegmentationMetrics Metrics,
    NoiseSummary Noise,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<CustomerSegment>? Customers)
{
    /// <summary>Lifetime value (BG/NBD, Gamma-Gamma, CLV) when asked for with <c>includeLifetime=true</c>, else null.</summary>
    public LifetimeResult? Lifetime { get; init; }
}

/// <summary>
/// Lifetime value of a segmentation's customers: BG/NBD and Gamma-Gamma fitted on the whole period in weeks, CLV over
/// 12 months at 1 % a month, at risk below P(alive) 0.5 (the Lifetime value page's defaults).
/// </summary>
/// <param name="Unavailable">Why lifetime value could not be computed (e.g. a customer table without dates), else null.</param>
/// <param name="Parameters">r, alpha, a, b (per week) and p, q, v.</param>
/// <param name="HorizonMonths">Months CLV and expected purchases look ahead.</param>
/// <param name="MonthlyDiscountRate">Monthly discount rate of CLV.</param>
/// <param name="AtRiskThreshold">P(alive) below which a customer counts as at risk.</param>
/// <param name="Warnings">Boundary fits, a missing spend model, a strong frequency–spend correlation.</param>
/// <param name="Segments">Per segment (numbered from 1; noise last): expected purchases and revenue, CLV, at-risk customers and revenue.</param>
public sealed record LifetimeResult(
    string? Unavailable,
    IReadOnlyDictionary<string, double>? Parameters,
    int HorizonMonths,
    double MonthlyDiscountRate,
    double AtRiskThreshold,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<SegmentLifetimeSummary>? Segments);

/// <summary>Lifetime figures of one segment; <see cref="Number"/> is null for noise.</summary>
public sealed record SegmentLifetimeSummary(
    int? Number,
    string Name,
    int Customers,
    double ExpectedPurchases,
    double? ExpectedRevenue,
    double? ClvTotal,
    double? ClvMean,
    double MeanProbabilityAlive,
    int AtRisk,
    double RevenueAtRisk);

/// <summary>One segment: its number (from 1), display name, persona, size and the mean of each clustering feature (raw units).</summary>
public sealed record SegmentSummary(
    int Number,
    string Name,
    string Persona,
    int Customers,
    double Share,
    IReadOnlyDictionary<string, double> Means);

/// <summary>Quality of a segmentation (noise excluded); null where a metric is undefined, with the reason in <see cref="Notes"/>.</summary>
public sealed record SegmentationMetrics(double? Silhouette, double? DaviesBouldin, double? CalinskiHarabasz, bool SilhouetteSampled, IReadOnlyList<string> Notes);

/// <summary>Customers left out of every segment (DBSCAN noise).</summary>
public sealed record NoiseSummary(int Customers, double Share);

/// <summary>One customer's segment: its number (from 1; null for noise), display name and persona.</summary>
public sealed record CustomerSegment(string CustomerId, int? Segment, string SegmentName, string? Persona)
{
    /// <summary>P(alive) when lifetime value was asked for and the customer is in the lifetime summary, else null.</summary>
    public double? ProbabilityAlive { get; init; }

    /// <summary>Expected purchases over the lifetime horizon, when asked for.</summary>
    public double? ExpectedPurchases { get; init; }

    /// <summary>Customer lifetime value over the horizon, when asked for and a spend model could be fitted.</summary>
    public double? Clv { get; init; }
}

/// <summary>Asks for a segment classifier trained on a segmentation of an uploaded dataset.</summary>
public sealed record CreateModelRequest
{
    /// <summary>The dataset (from POST /api/v1/datasets).</summary>
    public string? DatasetId { get; init; }

    /// <summary>The segmentation the model learns (defaults as for POST /datasets/{id}/segmentations).</summary>
    public SegmentationRequest? Segmentation { get; init; }
}

/// <summary>A segment classifier: its status and, once ready, its cross-validated quality and segments.</summary>
/// <param name="Id">The model id.</param>
/// <param name="Status">queued, training, ready or failed.</param>
/// <param name="Error">Why training failed.</param>
/// <param name="DatasetId">The dataset it learns from.</param>
/// <param name="DatasetName">That dataset's file name.</param>
/// <param name="Settings">The segmentation it learns.</param>
/// <param name="Features">The raw feature values a prediction needs, in order.</param>
/// <param name="Segments">The segments it predicts.</param>
/// <param name="CrossValidation">5-fold cross-validated accuracy, macro-F1 and confusion matrix.</param>
/// <param name="TrainingCustomers">Customers it was trained on (noise left out).</param>
/// <param name="RecencyReferenceDate">Transactions sent to predict have Recency counted to this date (the day after the training data's last purchase).</param>
/// <param name="Warnings">Caveats of the segmentation and the training.</param>
/// <param name="CreatedAt">When it was asked for.</param>
/// <param name="FinishedAt">When training ended.</param>
public sealed record ModelResponse(
    string Id,
    string Status,
    string? Error,
    string DatasetId,
    string DatasetName,
    EffectiveSegmentation Settings,
    IReadOnlyList<string> Features,
    IReadOnlyList<ModelSegment> Segments,
    CrossValidationSummary? CrossValidation,
    int? TrainingCustomers,
    DateTime? RecencyReferenceDate,
    IReadOnlyList<string> Warnings,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A segment a model predicts.</summary>
public sealed record ModelSegment(int Number, string Name, string Persona, int Customers);

/// <summary>Cross-validated quality: accuracy, macro-F1, F1 per segment and the confusion matrix by segment name.</summary>
public sealed record CrossValidationSummary(
    int Folds,
    double Accuracy,
    double MacroF1,
    IReadOnlyDictionary<string, double> F1PerSegment,
    IReadOnlyList<ConfusionRow> ConfusionMatrix);

/// <summary>Customers of one actual segment by the segment predicted for them.</summary>
public sealed record ConfusionRow(string Actual, IReadOnlyDictionary<string, int> Predicted);

/// <summary>Customers to place in a model's segments: either their feature values or their purchase lines.</summary>
public sealed record PredictRequest
{
    /// <summary>Customers with the raw value of every model feature.</summary>
    public IReadOnlyList<CustomerFeaturesInput>? Customers { get; init; }

    /// <summary>Purchase lines; each customer's features are computed from them as for an upload.</summary>
    public IReadOnlyList<TransactionInput>? Transactions { get; init; }
}

/// <summary>One customer's raw feature values by feature name.</summary>
public sealed record CustomerFeaturesInput
{
    /// <summary>An id to echo back (optional).</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerId { get; init; }

    /// <summary>Raw value of every model feature, e.g. { "Recency": 12, "Frequency": 3, … }.</summary>
    public FeatureValueDictionary? Features { get; init; }
}

/// <summary>One purchase line, as in an Online Retail export.</summary>
public sealed record TransactionInput
{
    /// <summary>Invoice number (one starting with C is a cancellation).</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Invoice { get; init; }

    /// <summary>Product code.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? StockCode { get; init; }

    /// <summary>Product description (optional).</summary>
    public string? Description { get; init; }

    /// <summary>Units bought.</summary>
    public double? Quantity { get; init; }

    /// <summary>When.</summary>
    public DateTime? InvoiceDate { get; init; }

    /// <summary>Price per unit.</summary>
    public double? UnitPrice { get; init; }

    /// <summary>The customer.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerId { get; init; }

    /// <summary>Country (optional).</summary>
    public string? Country { get; init; }
}

/// <summary>The predicted segment of each customer.</summary>
/// <param name="ModelId">The model that predicted.</param>
/// <param name="Predictions">One per customer, in request order (by customer id for transactions).</param>
/// <param name="RecencyReferenceDate">For transactions: the date Recency was counted to.</param>
/// <param name="Notes">How features were computed and which customers were left out.</param>
public sealed record PredictResponse(string ModelId, IReadOnlyList<CustomerPrediction> Predictions, DateTime? RecencyReferenceDate, IReadOnlyList<string> Notes);

/// <summary>One customer's predicted segment (number from 1), its name, persona and every segment's probability by name.</summary>
public sealed record CustomerPrediction(string? CustomerId, int Segment, string SegmentName, string Persona, SegmentProbabilityDictionary Probabilities);

/// <summary>The process is up.</summary>
public sealed record LiveResponse(string Status);

/// <summary>The bundled sample is loaded, so sessions open at once.</summary>
public sealed record ReadyResponse(string Status, string Sample, int Customers);
