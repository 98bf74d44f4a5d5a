using Pulumi;
using Switchyard.Infra;

return await Deployment.RunAsync(SwitchyardStack.Define);
