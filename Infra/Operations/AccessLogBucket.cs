using System.Text.Json;
using Pulumi;
using Elb = Pulumi.Aws.Elb;
using S3 = Pulumi.Aws.S3;

namespace Switchyard.Infra.Operations;

public sealed class AccessLogBucketArgs
{
    /// <summary>Days after which S3 deletes a log object; the stack's log retention.</summary>
    public required int ExpireAfterDays { get; init; }

    /// <summary>Outside prod, <c>pulumi destroy</c> may delete the bucket with its logs.</summary>
    public required bool ForceDestroy { get; init; }
}

/// <summary>
/// The S3 bucket the ALB writes its access logs to: SSE-S3 encrypted (the only encryption ALB
/// log delivery supports), every public access blocked, objects owned by the bucket owner,
/// expired after the retention, and a policy that lets only the region's ELB log-delivery
/// account put objects under <see cref="Prefix"/>.
/// </summary>
public sealed class AccessLogBucket : ComponentResource
{
    public const string Prefix = "alb";

    public Output<string> BucketName { get; }

    public AccessLogBucket(string name, AccessLogBucketArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:operations:AccessLogBucket", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentOutOfRangeException.ThrowIfLessThan(args.ExpireAfterDays, 1);
        var child = new CustomResourceOptions { Parent = this };
        var bucket = new S3.Bucket($"{name}-bucket", new S3.BucketArgs { ForceDestroy = args.ForceDestroy }, child);

        _ = new S3.BucketServerSideEncryptionConfiguration($"{name}-encryption", new S3.BucketServerSideEncryptionConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new S3.Inputs.BucketServerSideEncryptionConfigurationRuleArgs
                {
                    ApplyServerSideEncryptionByDefault = new S3.Inputs.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs
                    {
                        SseAlgorithm = "AES256",
                    },
                },
            },
        }, child);
        var publicAccess = new S3.BucketPublicAccessBlock($"{name}-public-access", new S3.BucketPublicAccessBlockArgs
        {
            Bucket = bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        }, child);
        _ = new S3.BucketOwnershipControls($"{name}-ownership", new S3.BucketOwnershipControlsArgs
        {
            Bucket = bucket.Id,
            Rule = new S3.Inputs.BucketOwnershipControlsRuleArgs { ObjectOwnership = "BucketOwnerEnforced" },
        }, child);
        _ = new S3.BucketLifecycleConfiguration($"{name}-expiry", new S3.BucketLifecycleConfigurationArgs
        {
            Bucket = bucket.Id,
            Rules =
            {
                new S3.Inputs.BucketLifecycleConfigurationRuleArgs
                {
                    Id = "expire-access-logs",
                    Status = "Enabled",
                    Filter = new S3.Inputs.BucketLifecycleConfigurationRuleFilterArgs { Prefix = "" },
                    Expiration = new S3.Inputs.BucketLifecycleConfigurationRuleExpirationArgs { Days = args.ExpireAfterDays },
                    AbortIncompleteMultipartUpload = new S3.Inputs.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs
                    {
                        DaysAfterInitiation = 1,
                    },
                },
            },
        }, child);

        var logDelivery = Elb.GetServiceAccount.Invoke();
        var policy = new S3.BucketPolicy($"{name}-policy", new S3.BucketPolicyArgs
        {
            Bucket = bucket.Id,
            Policy = Output.Tuple(bucket.Arn, logDelivery.Apply(account => account.Arn)).Apply(t => DeliveryPolicy(t.Item1, t.Item2)),
        }, new CustomResourceOptions { Parent = this, DependsOn = { publicAccess } });

        // The ALB checks the policy when access logging is switched on: it must exist first.
        BucketName = Output.Tuple(bucket.BucketName, policy.Id).Apply(t => t.Item1);
        RegisterOutputs(new Dictionary<string, object?> { ["bucketName"] = BucketName });
    }

    /// <summary>PutObject for the ELB log-delivery account, only under the prefix, only over TLS for everyone.</summary>
    public static string DeliveryPolicy(string bucketArn, string logDeliveryArn) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Sid = "ElbLogDelivery",
                Effect = "Allow",
                Principal = new { AWS = logDeliveryArn },
                Action = "s3:PutObject",
                Resource = $"{bucketArn}/{Prefix}/AWSLogs/*",
            },
            new
            {
                Sid = "TlsOnly",
                Effect = "Deny",
                Principal = "*",
                Action = "s3:*",
                Resource = new[] { bucketArn, $"{bucketArn}/*" },
                Condition = new { Bool = new Dictionary<string, string>(StringComparer.Ordinal) { ["aws:SecureTransport"] = "false" } },
            },
        },
    });
}
