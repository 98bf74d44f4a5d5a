using System.ComponentModel.DataAnnotations;

namespace Switchyard.Storage.DynamoDb;

/// <summary>The <c>Store:DynamoDb</c> section (<c>Store__DynamoDb__*</c> variables).</summary>
public sealed class DynamoDbOptions
{
    public const string Section = "Store:DynamoDb";

    [Required(ErrorMessage = "Store__DynamoDb__TableName is required when Store__Kind is DynamoDb.")]
    [RegularExpression("^[a-zA-Z0-9_.-]{3,255}$", ErrorMessage = "Store__DynamoDb__TableName must be 3-255 characters of a-z, A-Z, 0-9, '_', '-', '.'.")]
    public string TableName { get; set; } = "";

    /// <summary>Only for local runs and tests: the DynamoDB Local endpoint. Unset in AWS.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Only for local runs and tests: create the table at start-up when it is missing.</summary>
    public bool CreateTable { get; set; }

    /// <summary>Per-attempt HTTP timeout; with the retries below it bounds how long a request waits in an outage.</summary>
    [Range(100, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 1500;

    [Range(0, 10)]
    public int MaxErrorRetry { get; set; } = 1;
}
