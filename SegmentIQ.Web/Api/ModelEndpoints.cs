using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// <c>/api/v1/models</c>: train a segment classifier on a segmentation in the background, read its status and
/// cross-validated quality, and place new customers in its segments from their feature values or purchase lines.
/// </summary>
public static class ModelEndpoints
{
    /// <summary>Maps the model endpoints onto <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder api, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        var models = api.MapGroup("/models").WithTags("Models");
        models.MapPost("/", CreateAsync)
            .WithName("TrainModel")
            .WithSummary("Train a segment classifier (in the background)")
            .WithDescription(
                "Segments the dataset with the given settings (as POST /datasets/{id}/segmentations) and trains a classifier on the customers' " +
                "raw feature values with 5-fold cross-validation. Answers 202 with the model's URL at once; poll it until its status is ready or failed. " +
                "Training counts against the key's lower training limit (SegmentIQ:Api:TrainingPermitsPerMinute).")
            .Accepts<CreateModelRequest>("application/json")
            .WithRequestSizeLimit(maxBodyBytes)
            .RequireRateLimiting(ApiRateLimiting.TrainingPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        models.MapGet("/{id}", Get)
            .WithName("GetModel")
            .WithSummary("A model's status, cross-validated quality and segments")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        models.MapDelete("/{id}", Delete)
            .WithName("DeleteModel")
            .WithSummary("Delete a model (cancelling its training)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        models.MapPost("/{id}/predict", PredictAsync)
            .WithName("PredictSegments")
            .WithSummary("Place customers in the model's segments")
            .WithDescription(
                "Send either customers with the raw value of every model feature ({ \"customers\": [{ \"customerId\": \"c1\", \"features\": { \"Recency\": 12, … } }] }) " +
                "or purchase lines ({ \"transactions\": [{ \"invoice\", \"stockCode\", \"quantity\", \"invoiceDate\", \"unitPrice\", \"customerId\" }] }), whose " +
                "features are computed as for an upload (cleaned the same way, Recency counted to the day after the training data's last purchase). " +
                "Each prediction has the segment number (from 1), its name, persona and every segment's probability.")
            .Accepts<PredictRequest>("application/json")
            .WithRequestSizeLimit(maxBodyBytes)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
        return models;
    }

    /// <summary>The API's description of a model.</summary>
    public static ModelResponse Describe(ApiModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var state = model.State;
        var trained = state.Trained;
        CrossValidationSummary? crossValidation = null;
        if (trained is not null)
        {
            var cv = trained.Classifier.CrossValidation;
            var names = trained.Classifier.SegmentNames;
            var f1 = new Dictionary<string, double>(names.Count);
            var rows = new ConfusionRow[names.Count];
            for (var a = 0; a < names.Count; a++)
            {
                f1[names[a]] = cv.F1PerSegment[a];
                var predicted = new Dictionary<string, int>(names.Count);
                for (var p = 0; p < names.Count; p++)
                {
                    predicted[names[p]] = cv.ConfusionMatrix[a][p];
                }

                rows[a] = new ConfusionRow(names[a], predicted);
            }

            crossValidation = new CrossValidationSummary(cv.Folds, cv.Accuracy, cv.MacroF1, f1, rows);
        }

        return new ModelResponse(
            model.Id,
            state.Status,
            state.Error,
            model.DatasetId,
            model.DatasetName,
            model.Segmentation.Describe(),
            model.Segmentation.Features.Features,
            trained?.Segments ?? [],
            crossValidation,
            trained?.Classifier.TrainingRows,
            trained?.ReferenceDate,
            trained?.Warnings ?? [],
            model.CreatedAt,
            state.FinishedAt);
    }

    private static async Task<Results<Accepted<ModelResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        DatasetStore datasets,
        ModelStore models,
        ModelTrainingQueue queue,
        ApiJson json,
        IOptions<SegmentIqOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await json.ReadAsync<CreateModelRequest>(request, options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.DatasetId))
        {
            return ApiProblems.BadField("datasetId", "datasetId is required: the id POST /api/v1/datasets returned.");
        }

        var (dataset, missing) = datasets.Find(body.DatasetId, "datasetId");
        if (missing is not null)
        {
            return missing;
        }

        var (resolved, invalid) = SegmentationEndpoints.Resolve(body.Segmentation, dataset!.Dataset.Features, "segmentation.");
        if (invalid is not null)
        {
            return invalid;
        }

        var model = new ApiModel(ApiIds.New("mdl"), dataset, resolved!, time.GetUtcNow());
        models.Add(model);
        if (!queue.TryEnqueue(model))
        {
            models.Remove(model.Id);
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return ApiProblems.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "Training queue full",
                "Too many models are waiting to be trained (SegmentIQ:Api:MaxQueuedTrainings); retry in a little while.");
        }

        return TypedResults.Accepted($"/api/v1/models/{model.Id}", Describe(model));
    }

    private static Results<Ok<ModelResponse>, ProblemHttpResult> Get(string id, ModelStore models)
    {
        var (model, problem) = models.Find(id);
        return problem is not null ? problem : TypedResults.Ok(Describe(model!));
    }

    private static Results<NoContent, ProblemHttpResult> Delete(string id, ModelStore models)
    {
        if (models.Remove(id))
        {
            return TypedResults.NoContent();
        }

        var (_, problem) = models.Find(id);
        return problem!;
    }

    private static async Task<Results<Ok<PredictResponse>, ProblemHttpResult>> PredictAsync(
        string id,
        HttpRequest request,
        ModelStore models,
        ApiJson json,
        IOptions<SegmentIqOptions> options,
        IOptions<SegmentIqApiOptions> api,
        CancellationToken cancellationToken)
    {
        var (model, missing) = models.Find(id);
        if (missing is not null)
        {
            return missing;
        }

        var state = model!.State;
        if (state.Trained is not { } trained)
        {
            return ApiProblems.Problem(
                StatusCodes.Status409Conflict,
                "Model not ready",
                state.Status == ModelStatus.Failed
                    ? $"Model '{id}' failed to train, so it cannot predict: {state.Error}"
                    : $"Model '{id}' is {state.Status}; predict once GET /api/v1/models/{id} says ready.",
                "id",
                new Dictionary<string, object?> { ["status"] = state.Status });
        }

        var (body, problem) = await json.ReadAsync<PredictRequest>(request, options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var customers = body!.Customers?.Count ?? 0;
        var lines = body.Transactions?.Count ?? 0;
        if ((customers == 0) == (lines == 0))
        {
            return ApiProblems.BadField("customers", "Send either 'customers' (feature values) or 'transactions' (purchase lines), not both and not neither.");
        }

        var limit = api.Value.MaxCustomersPerPrediction;
        if (customers > limit)
        {
            return ApiProblems.BadField("customers", string.Create(CultureInfo.InvariantCulture, $"At most {limit:N0} customers per request (SegmentIQ:Api:MaxCustomersPerPrediction); this request has {customers:N0}."));
        }

        return customers > 0
            ? PredictFeatures(id, trained, body.Customers!)
            : PredictTransactions(id, trained, body.Transactions!, limit, cancellationToken);
    }

    private static Results<Ok<PredictResponse>, ProblemHttpResult> PredictFeatures(string id, TrainedModel trained, IReadOnlyList<CustomerFeaturesInput> customers)
    {
        var featureNames = trained.Classifier.FeatureNames;
        var d = featureNames.Count;
        var raw = new double[customers.Count * d];
        for (var i = 0; i < customers.Count; i++)
        {
            var values = customers[i].Features;
            if (values is null)
            {
                return ApiProblems.BadField($"customers[{i}].features", $"customers[{i}] has no features; send the raw value of {string.Join(", ", featureNames)}.");
            }

            for (var j = 0; j < d; j++)
            {
                if (!values.TryGetValue(featureNames[j], out raw[(i * d) + j]) && !values.TryGetValueIgnoringCase(featureNames[j], out raw[(i * d) + j]))
                {
                    return ApiProblems.BadField($"customers[{i}].features.{featureNames[j]}", $"customers[{i}] has no value for {featureNames[j]}; the model needs {string.Join(", ", featureNames)}.");
                }
            }

            if (values.Count != d)
            {
                var unknown = values.Keys.FirstOrDefault(k => !featureNames.Contains(k, StringComparer.OrdinalIgnoreCase));
                return unknown is null
                    ? ApiProblems.BadField($"customers[{i}].features", $"customers[{i}] names a feature twice (feature names ignore case).")
                    : ApiProblems.BadField($"customers[{i}].features.{unknown}", $"'{unknown}' is not a feature of this model; it uses {string.Join(", ", featureNames)}.");
            }
        }

        SegmentPrediction[] predictions;
        try
        {
            predictions = trained.Classifier.PredictBatch(raw, customers.Count);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadField("customers", SegmentationEndpoints.FirstSentence(ex.Message));
        }

        var results = new CustomerPrediction[predictions.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Describe(customers[i].CustomerId, predictions[i], trained);
        }

        return TypedResults.Ok(new PredictResponse(id, results, null, []));
    }

    private static Results<Ok<PredictResponse>, ProblemHttpResult> PredictTransactions(
        string id,
        TrainedModel trained,
        IReadOnlyList<TransactionInput> lines,
        int maxCustomers,
        CancellationToken cancellationToken)
    {
        if (trained.ReferenceDate is not { } reference)
        {
            return ApiProblems.BadField("transactions", "This model was trained on a customer table, which has no purchase lines; send 'customers' with their feature values.");
        }

        var (table, invalid) = ToTable(lines);
        if (invalid is not null)
        {
            return invalid;
        }

        var cleaned = TransactionCleaner.Clean(table!, trained.Cleaning, cancellationToken: cancellationToken);
        var notes = new List<string>
        {
            $"Features computed from {lines.Count:N0} purchase lines as for an upload; Recency counted in days to {reference:yyyy-MM-dd}, the day after the last purchase in the model's training data.",
        };
        var removed = cleaned.Report.Removed.Where(r => r.Count > 0).ToList();
        if (removed.Count > 0)
        {
            notes.Add("Cleaning removed " + string.Join("; ", removed.Select(r => $"{r.Count:N0} {r.Description}")) + ".");
        }

        var sentCustomers = table!.Pools.Customers.Values;
        if (cleaned.Table.Count == 0)
        {
            return ApiProblems.BadField("transactions", $"No purchase line is left after cleaning ({string.Join("; ", removed.Select(r => $"{r.Count:N0} {r.Description}"))}), so no customer can be placed.");
        }

        var features = CustomerFeatures.FromTransactions(cleaned.Table, reference, cancellationToken);
        if (features.Count > maxCustomers)
        {
            return ApiProblems.BadField("transactions", string.Create(CultureInfo.InvariantCulture, $"At most {maxCustomers:N0} customers per request (SegmentIQ:Api:MaxCustomersPerPrediction); these lines have {features.Count:N0}."));
        }

        var dropped = sentCustomers.Except(features.CustomerIds, StringComparer.Ordinal).ToList();
        if (dropped.Count > 0)
        {
            notes.Add($"{dropped.Count:N0} customer(s) had no purchase line left after cleaning and are not predicted: {string.Join(", ", dropped.Take(20))}{(dropped.Count > 20 ? ", …" : "")}.");
        }

        var featureNames = trained.Classifier.FeatureNames;
        var d = featureNames.Count;
        var raw = new double[features.Count * d];
        for (var j = 0; j < d; j++)
        {
            var column = features[featureNames[j]];
            for (var i = 0; i < features.Count; i++)
            {
                raw[(i * d) + j] = column[i];
            }
        }

        var recency = features.Contains(FeatureNames.Recency) ? features[FeatureNames.Recency] : [];
        var late = recency.Count(r => r < 1);
        if (late > 0)
        {
            notes.Add($"{late:N0} customer(s) bought on or after {reference:yyyy-MM-dd}, so their Recency is 0 or negative, outside what the model was trained on.");
        }

        SegmentPrediction[] predictions;
        try
        {
            predictions = trained.Classifier.PredictBatch(raw, features.Count);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadField("transactions", SegmentationEndpoints.FirstSentence(ex.Message));
        }

        var results = new CustomerPrediction[predictions.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Describe(features.CustomerIds[i], predictions[i], trained);
        }

        return TypedResults.Ok(new PredictResponse(id, results, reference, notes));
    }

    /// <summary>The purchase lines as a table, or a 400 naming the first line and field that is missing or unusable.</summary>
    private static (TransactionTable? Table, ProblemHttpResult? Problem) ToTable(IReadOnlyList<TransactionInput> lines)
    {
        var n = lines.Count;
        var pools = new TransactionPools();
        var invoice = new int[n];
        var product = new int[n];
        var description = new int[n];
        var quantity = new double[n];
        var date = new DateTime[n];
        var price = new double[n];
        var customer = new int[n];
        var country = new int[n];
        var sourceLine = new int[n];
        for (var i = 0; i < n; i++)
        {
            var line = lines[i];
            if (line is null)
            {
                return (null, ApiProblems.BadField($"transactions[{i}]", $"transactions[{i}] is null."));
            }

            var absent = string.IsNullOrWhiteSpace(line.Invoice) ? "invoice"
                : string.IsNullOrWhiteSpace(line.StockCode) ? "stockCode"
                : line.Quantity is null ? "quantity"
                : line.InvoiceDate is null ? "invoiceDate"
                : line.UnitPrice is null ? "unitPrice"
                : string.IsNullOrWhiteSpace(line.CustomerId) ? "customerId"
                : null;
            if (absent is not null)
            {
                return (null, ApiProblems.BadField($"transactions[{i}].{absent}", $"transactions[{i}] has no {absent}; every line needs invoice, stockCode, quantity, invoiceDate, unitPrice and customerId."));
            }

            invoice[i] = pools.Invoices.Intern(line.Invoice!.Trim());
            product[i] = pools.Products.Intern(line.StockCode!.Trim());
            description[i] = string.IsNullOrWhiteSpace(line.Description) ? -1 : pools.Descriptions.Intern(line.Description.Trim());
            quantity[i] = line.Quantity!.Value;
            date[i] = line.InvoiceDate!.Value;
            price[i] = line.UnitPrice!.Value;
            customer[i] = pools.Customers.Intern(line.CustomerId!.Trim());
            country[i] = string.IsNullOrWhiteSpace(line.Country) ? -1 : pools.Countries.Intern(line.Country.Trim());
            sourceLine[i] = i;
        }

        return (new TransactionTable(n, invoice, product, description, quantity, date, price, customer, country, sourceLine, pools), null);
    }

    private static CustomerPrediction Describe(string? customerId, SegmentPrediction prediction, TrainedModel trained) =>
        new(
            customerId,
            prediction.Segment + 1,
            trained.Names.Names[prediction.Segment],
            trained.Personas[prediction.Segment],
            new SegmentProbabilityDictionary(trained.Names, prediction.Probabilities));
}
