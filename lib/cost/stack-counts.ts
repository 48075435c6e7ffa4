/** What the synthesized stack of a config holds that is billed by the month or by its size. */
import type { SynthesizedStack } from '../synth.ts';
import type { StackCounts } from './estimate.ts';

type Resource = { Type: string; Properties?: Record<string, unknown> };

export function stackCounts(synth: SynthesizedStack): StackCounts {
  const resources = Object.values(synth.template.Resources as Record<string, Resource>);
  const byId = synth.template.Resources as Record<string, Resource>;
  const memory = (logicalId: string) => Number(byId[logicalId]?.Properties?.MemorySize ?? 128);
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const alarms = ofType('AWS::CloudWatch::Alarm');
  const anomaly = alarms.filter((r) => r.Properties?.ThresholdMetricId !== undefined);
  const ids = synth.functionLogicalIds;
  return {
    fetchMemoryMb: Object.fromEntries(Object.entries(synth.fetchFunctionLogicalIds).map(([source, id]) => [source, memory(id)])),
    functionMemoryMb: {
      notifyLevel: memory(ids.notifyLevel),
      escalationStep: memory(ids.escalationStep),
      incidentAction: memory(ids.incidentAction),
      weeklyReport: memory(ids.weeklyReport),
    },
    alarms: alarms.length - anomaly.length,
    anomalyAlarms: anomaly.length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
  };
}
