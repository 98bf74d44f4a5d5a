using System.Text.Json;
using Pulumi;
using Docker = Pulumi.Docker;
using Ecr = Pulumi.Aws.Ecr;

namespace Switchyard.Infra.Image;

public sealed class ServiceImageArgs
{
    /// <summary>Let <c>pulumi destroy</c> delete the repository with its images (dev stacks).</summary>
    public required bool ForceDelete { get; init; }

    /// <summary>How many images the lifecycle policy keeps.</summary>
    public required int KeepImages { get; init; }

    /// <summary>Build context, relative to the Pulumi program's directory (Infra/).</summary>
    public string Context { get; init; } = "..";

    /// <summary>Dockerfile, relative to the Pulumi program's directory (Infra/).</summary>
    public string Dockerfile { get; init; } = "../Dockerfile";
}

/// <summary>
/// The service's container image: an ECR repository and the root Dockerfile built for
/// linux/amd64 and pushed to it. <see cref="ImageRef"/> is the pushed digest
/// (<c>repo@sha256:…</c>), so a new build rolls out and an unchanged one does not.
/// </summary>
public sealed class ServiceImage : ComponentResource
{
    public const string Platform = "linux/amd64";

    /// <summary>The pushed image, pinned by digest; ECS and App Runner both accept this form.</summary>
    public Output<string> ImageRef { get; }

    public Output<string> RepositoryArn { get; }

    public ServiceImage(string name, ServiceImageArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:image:ServiceImage", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var repository = CreateRepository(name, args);
        var image = BuildAndPush(name, args, repository);
        ImageRef = image.RepoDigest;
        RepositoryArn = repository.Arn;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["imageRef"] = ImageRef,
            ["repositoryArn"] = RepositoryArn,
        });
    }

    private Ecr.Repository CreateRepository(string name, ServiceImageArgs args)
    {
        var repository = new Ecr.Repository($"{name}-repo", new Ecr.RepositoryArgs
        {
            ForceDelete = args.ForceDelete,
            ImageTagMutability = "MUTABLE",
            ImageScanningConfiguration = new Ecr.Inputs.RepositoryImageScanningConfigurationArgs { ScanOnPush = true },
        }, new CustomResourceOptions { Parent = this });

        _ = new Ecr.LifecyclePolicy($"{name}-keep-recent", new Ecr.LifecyclePolicyArgs
        {
            Repository = repository.Name,
            Policy = KeepRecentPolicy(args.KeepImages),
        }, new CustomResourceOptions { Parent = this });

        return repository;
    }

    private Docker.Image BuildAndPush(string name, ServiceImageArgs args, Ecr.Repository repository)
    {
        var token = Ecr.GetAuthorizationToken.Invoke(new() { RegistryId = repository.RegistryId });
        return new Docker.Image($"{name}-image", new Docker.ImageArgs
        {
            ImageName = Output.Format($"{repository.RepositoryUrl}:latest"),
            Build = new Docker.Inputs.DockerBuildArgs
            {
                Context = args.Context,
                Dockerfile = args.Dockerfile,
                Platform = Platform,
            },
            Registry = new Docker.Inputs.RegistryArgs
            {
                Server = repository.RepositoryUrl,
                Username = token.Apply(t => t.UserName),
                Password = Output.CreateSecret(token.Apply(t => t.Password)),
            },
        }, new CustomResourceOptions { Parent = this });
    }

    public static string KeepRecentPolicy(int keep) => JsonSerializer.Serialize(new
    {
        rules = new[]
        {
            new
            {
                rulePriority = 1,
                description = $"Keep the {keep} most recent images",
                selection = new { tagStatus = "any", countType = "imageCountMoreThan", countNumber = keep },
                action = new { type = "expire" },
            },
        },
    });
}
