using Pulumi;
using Switchyard.Infra.Security;

namespace Switchyard.Infra.Tests;

/// <summary>A first <c>pulumi up</c> needs no secret typed in; a set one still wins; neither leaks.</summary>
[NonParallelizable]
public sealed class GeneratedPasswordRules
{
    private const string Generator = "random:index/randomPassword:RandomPassword";
    private const string SecretVersion = "aws:secretsmanager/secretVersion:SecretVersion";

    private static Task<StackRun> RunDevAsync(bool withPassword) =>
        StackRun.RunAsync("dev", RepositoryFiles.StackConfig("dev"), withPassword);

    [Test]
    public async Task WithoutAConfiguredPasswordAStrongOneIsGenerated()
    {
        var run = await RunDevAsync(withPassword: false);
        var generator = run.Sole(Generator).Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(generator.Number("length"), Is.GreaterThanOrEqualTo(32));
            Assert.That(generator.Flag("special"), Is.True);
            Assert.That(generator.Number("minUpper"), Is.GreaterThanOrEqualTo(1));
            Assert.That(generator.Number("minLower"), Is.GreaterThanOrEqualTo(1));
            Assert.That(generator.Number("minNumeric"), Is.GreaterThanOrEqualTo(1));
        }
    }

    [Test]
    public async Task TheGeneratedPasswordIsStoredOnlyInSecretsManager()
    {
        var run = await RunDevAsync(withPassword: false);
        var holders = run.Resources
            .Where(r => r.Type != Generator && r.Inputs.Values.Any(v => Values.HoldsText(v, Mocks.GeneratedPassword)))
            .Select(r => r.Type);
        Assert.That(holders, Is.EqualTo(new[] { SecretVersion }));
    }

    [Test]
    public async Task NoOutputHoldsTheGeneratedPasswordButOneNamesTheCommandThatReadsIt()
    {
        var run = await RunDevAsync(withPassword: false);
        await TestingExtensions.AssertNoOutputIsSecretOrHoldsAsync(run.Outputs, Mocks.GeneratedPassword);

        var arn = await TestingExtensions.GetValueAsync((Output<string>)run.Outputs["basicAuthSecretArn"]!);
        var command = await TestingExtensions.GetValueAsync((Output<string>)run.Outputs["basicAuthPasswordCommand"]!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arn, Does.StartWith("arn:"));
            Assert.That(command, Is.EqualTo($"aws secretsmanager get-secret-value --secret-id {arn} --query SecretString --output text"));
        }
    }

    [Test]
    public async Task AConfiguredPasswordWinsAndNothingIsGenerated()
    {
        var run = await RunDevAsync(withPassword: true);
        var stored = run.OfType(SecretVersion).Count(v => Values.HoldsText(v.Inputs.Get("secretString"), StackRun.Password));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.OfType(Generator), Is.Empty);
            Assert.That(stored, Is.EqualTo(1));
        }
    }

    [Test]
    public void GeneratedPasswordsNeedNoQuotingInAShellOrAUrl() =>
        Assert.That(AuthSecrets.GeneratedSpecials, Does.Match("^[-_.~]+$"));
}
