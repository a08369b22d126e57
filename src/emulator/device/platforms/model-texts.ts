/**
 * Per-model texts: `show version` and `show inventory`. Shapes follow real IOS-XE 16.x and IOS-XR 7.x output
 * (the lines clients parse: Ansible reads `Version (\S+)`, `^cisco (.+) \(revision` / `^cisco (.+) \(\) processor`,
 * `^(.+) uptime`, `image file is "(.+)"`).
 */
import { uptimeText, xeConfigDate } from '../device-time.js';
import type { DeviceIdentity } from '../identity.js';

/** `16.12.1z` → `16.12.01z` (the first line of IOS-XE `show version` pads the minor release). */
export function paddedXeVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  return m ? `${m[1]}.${m[2]}.${(m[3] ?? '').padStart(2, '0')}${m[4] ?? ''}` : version;
}

const XE_RELEASE_NAMES: Readonly<Record<string, string>> = { '16.12': 'Gibraltar', '16.9': 'Fuji', '17.3': 'Amsterdam' };

export function xeShowVersion(identity: DeviceIdentity, hostname: string, now: number): string[] {
  const train = identity.version.split('.').slice(0, 2).join('.');
  const padded = paddedXeVersion(identity.version);
  const uptime = uptimeText(now - identity.bootTime, true);
  const cpUptime = uptimeText(now - identity.bootTime - 2 * 60_000, true);
  return [
    `Cisco IOS XE Software, Version ${padded}`,
    `Cisco IOS Software [${XE_RELEASE_NAMES[train] ?? 'Gibraltar'}], cBR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version ${identity.version}, RELEASE SOFTWARE (fc2)`,
    'Technical Support: http://www.cisco.com/techsupport',
    'Copyright (c) 1986-2020 by Cisco Systems, Inc.',
    'Compiled Thu 30-Jan-20 21:15 by mcpre',
    '',
    '',
    'Cisco IOS-XE software, Copyright (c) 2005-2020 by cisco Systems, Inc.',
    'All rights reserved.  Certain components of Cisco IOS-XE software are',
    'licensed under the GNU General Public License ("GPL") Version 2.0.  The',
    'software code licensed under GPL Version 2.0 is free software that comes',
    'with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such',
    'GPL code under the terms of GPL Version 2.0.  For more details, see the',
    'documentation or "License Notice" file accompanying the IOS-XE software,',
    'or the applicable URL provided on the flyer accompanying the IOS-XE',
    'software.',
    '',
    '',
    'ROM: IOS-XE ROMMON',
    '',
    `${hostname} uptime is ${uptime}`,
    `Uptime for this control processor is ${cpUptime}`,
    `System returned to ROM by reload at ${xeConfigDate(identity.bootTime)}`,
    `System image file is "harddisk:cbrsup-universalk9.${padded}.SPA.bin"`,
    'Last reload reason: Reload Command',
    '',
    '',
    '',
    'This product contains cryptographic features and is subject to United',
    'States and local country laws governing import, export, transfer and',
    'use. Delivery of Cisco cryptographic products does not imply',
    'third-party authority to import, export, distribute or use encryption.',
    'Importers, exporters, distributors and users are responsible for',
    'compliance with U.S. and local country laws. By using this product you',
    'agree to comply with applicable laws and regulations. If you are unable',
    'to comply with U.S. and local laws, return this product immediately.',
    '',
    'A summary of U.S. laws governing Cisco cryptographic products may be found at:',
    'http://www.cisco.com/wwl/export/crypto/tool/stqrg.html',
    '',
    'If you require further assistance please contact us by sending email to',
    'export@cisco.com.',
    '',
    'cisco cBR-8 (CBR-CCAP-SUP-160G) processor (revision CBR) with 11906496K/6147K bytes of memory.',
    `Processor board ID ${identity.serial}`,
    '5 Gigabit Ethernet interfaces',
    '8 Ten Gigabit Ethernet interfaces',
    '32768K bytes of non-volatile configuration memory.',
    '50331648K bytes of physical memory.',
    '7649279K bytes of eUSB flash at bootflash:.',
    '97620264K bytes of SATA hard disk at harddisk:.',
    '',
    'Configuration register is 0x2102',
    '',
  ];
}

const XR_MODEL_TEXT: Readonly<Record<string, { workspace: string; processor: string; rack: string }>> = {
  'NCS-560': { workspace: 'ncs560', processor: 'NCS-560', rack: 'NCS 560 4 slot Chassis' },
  'NCS-1004': { workspace: 'ncs1004', processor: 'NCS-1004', rack: 'Network Convergence System 1004 4 line card slots' },
};

export function xrShowVersion(identity: DeviceIdentity, now: number): string[] {
  const text = XR_MODEL_TEXT[identity.model] ?? { workspace: 'xr', processor: identity.model, rack: identity.model };
  return [
    `Cisco IOS XR Software, Version ${identity.version}`,
    'Copyright (c) 2013-2021 by Cisco Systems, Inc.',
    '',
    'Build Information:',
    ' Built By     : ingunawa',
    ' Built On     : Wed Oct 13 20:08:37 PDT 2021',
    ' Built Host   : iox-ucs-029',
    ` Workspace    : /auto/srcarchive17/prod/${identity.version}/${text.workspace}/ws`,
    ` Version      : ${identity.version}`,
    ' Location     : /opt/cisco/XR/packages/',
    ` Label        : ${identity.version}`,
    '',
    `cisco ${text.processor} () processor`,
    `System uptime is ${uptimeText(now - identity.bootTime, false)}`,
    '',
  ];
}

export function showInventory(identity: DeviceIdentity): string[] {
  if (identity.platform === 'ios-xe') {
    return [
      'NAME: "Chassis", DESCR: "Cisco cBR-8 CCAP Chassis"',
      `PID: ${identity.pid}  , VID: V03  , SN: ${identity.serial}`,
      '',
    ];
  }
  const text = XR_MODEL_TEXT[identity.model];
  return [`NAME: "Rack 0", DESCR: "${text?.rack ?? identity.model}"`, `PID: ${identity.pid}, VID: V01, SN: ${identity.serial}`, ''];
}
