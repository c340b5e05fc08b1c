// Enumerations KubeVirt's OpenAPI only describes in prose, keyed `<definition>.<property>`
// (values from the KubeVirt API types; see the API reference §1.4 and §3.1).

export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'] as const;

export const DISK_BUSES = ['virtio', 'sata', 'scsi', 'usb'] as const;

export const PROSE_ENUMS: Record<string, readonly string[]> = {
  'v1.VirtualMachineSpec.runStrategy': RUN_STRATEGIES,
  'v1.VirtualMachineSpec.updateVolumesStrategy': ['Migration', 'Replacement'],
  'v1.DiskTarget.bus': DISK_BUSES,
  // A CD-ROM cannot sit on virtio.
  'v1.CDRomTarget.bus': ['sata', 'scsi'],
  'v1.InstancetypeMatcher.kind': ['VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype'],
  'v1.InstancetypeMatcher.inferFromVolumeFailurePolicy': ['Reject', 'Ignore'],
  'v1.PreferenceMatcher.kind': ['VirtualMachineClusterPreference', 'VirtualMachinePreference'],
  'v1.PreferenceMatcher.inferFromVolumeFailurePolicy': ['Reject', 'Ignore'],
  'v1beta1.DataVolumeSourceRef.kind': ['DataSource'],
};

/** The allowed values of a property: from the OpenAPI `enum` or the prose table. */
export function enumValues(definition: string, property: string, schemaEnum: readonly string[] | undefined): readonly string[] | undefined {
  return schemaEnum ?? PROSE_ENUMS[`${definition}.${property}`];
}
