#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The CLI's enum and flag names, and its reply policies, generated from
spec/cpulab.yaml.

ynl-gen-c.py's user mode would generate a whole C client library around
tools/net/ynl/lib/ynl.c; the CLI has its own libnl-genl client and needs
only the names and the attributes' shapes. This reads the spec with the
kernel's own spec reader (tools/net/ynl/lib/nlspec.py) and writes one C++
header: with --names, per enum or flags definition a constexpr table of
{value, name} and a lookup each way; with --policies, per attribute set
the libnl policy the CLI parses the module's messages with.
"""

import argparse
import os
import sys


def c_ident(name):
    return name.replace('-', '_')


def render(family, spec_name):
    lines = [
        '// SPDX-License-Identifier: GPL-2.0',
        '// Do not edit directly, auto-generated from:',
        f'//\t{spec_name}',
        '// by ci/ynl-gen-names.py (make regen).',
        '#pragma once',
        '',
        '#include <cstdint>',
        '#include <optional>',
        '#include <span>',
        '#include <string_view>',
        '',
        'namespace cpulab::protocol {',
        '',
        'struct NamedValue {',
        '\tuint64_t value;',
        '\tstd::string_view name;',
        '};',
        '',
        '// The name of a value, or std::nullopt for one the table lacks.',
        'constexpr std::optional<std::string_view> name_of(std::span<const NamedValue> table,',
        '\t\t\t\t\t\t  uint64_t value)',
        '{',
        '\tfor (const NamedValue &entry : table)',
        '\t\tif (entry.value == value)',
        '\t\t\treturn entry.name;',
        '\treturn std::nullopt;',
        '}',
        '',
        '// The name the CLI prints: "unknown" for a value a newer module may send.',
        'constexpr std::string_view name_or_unknown(std::span<const NamedValue> table, uint64_t value)',
        '{',
        '\treturn name_of(table, value).value_or("unknown");',
        '}',
        '',
        '// The value a name stands for, if it is one.',
        'constexpr std::optional<uint64_t> value_of(std::span<const NamedValue> table,',
        '\t\t\t\t\t    std::string_view name)',
        '{',
        '\tfor (const NamedValue &entry : table)',
        '\t\tif (entry.name == name)',
        '\t\t\treturn entry.value;',
        '\treturn std::nullopt;',
        '}',
    ]
    for name, const in family.consts.items():
        if const.get('type') not in ('enum', 'flags'):
            continue
        flags = const['type'] == 'flags'
        lines.append('')
        doc = const.get('doc', '').strip().split('\n')[0]
        what = 'bits' if flags else 'values'
        lines.append(f'// {name} ({what}): {doc}' if doc else f'// {name} ({what})')
        lines.append(f'inline constexpr NamedValue {c_ident(name)}_names[] = {{')
        for entry in const.entries.values():
            value = entry.user_value(as_flags=flags)
            lines.append(f'\t{{{value}, "{entry.name}"}},')
        lines.append('};')
    lines += ['', '} // namespace cpulab::protocol', '']
    return '\n'.join(lines)


# The libnl type and exact payload size of each spec type (0: any size).
# A reply with a wrong-sized attribute is a protocol error, not something
# to read partially.
LIBNL_TYPES = {
    'u8': ('NLA_U8', 1),
    'u16': ('NLA_U16', 2),
    'u32': ('NLA_U32', 4),
    'u64': ('NLA_U64', 8),
    'string': ('NLA_NUL_STRING', 0),
    'nest': ('NLA_NESTED', 0),
    'flag': ('NLA_FLAG', 0),
    'binary': ('NLA_UNSPEC', 0),
}


def render_policies(family, spec_name):
    lines = [
        '// SPDX-License-Identifier: GPL-2.0',
        '// Do not edit directly, auto-generated from:',
        f'//\t{spec_name}',
        '// by ci/ynl-gen-names.py --policies (make regen).',
        '#pragma once',
        '',
        '#include <array>',
        '',
        '#include <netlink/attr.h>',
        '',
        '#include "cpulab.h"',
        '',
        'namespace cpulab::protocol {',
        '',
        '// Per attribute set, what libnl checks before the CLI reads a message:',
        '// each attribute\'s type, and the exact size of fixed-size ones.',
    ]
    for set_name, attr_set in family.attr_sets.items():
        if attr_set.subset_of:
            continue
        prefix = attr_set.yaml.get('name-prefix', f'{family.name}-a-{set_name}-')
        max_name = c_ident(prefix + 'max').upper()
        lines.append('')
        lines.append(f'// {set_name}')
        lines.append(f'inline constexpr int {c_ident(set_name)}_max = {max_name};')
        lines.append(f'inline const nla_policy *{c_ident(set_name)}_policy()')
        lines.append('{')
        lines.append(f'\tstatic const auto table = [] {{')
        lines.append(f'\t\tstd::array<nla_policy, {max_name} + 1> p{{}};')
        for attr in attr_set.attrs.values():
            if attr.type not in LIBNL_TYPES:
                continue
            libnl_type, size = LIBNL_TYPES[attr.type]
            const = c_ident(prefix + attr.name).upper()
            lines.append(f'\t\tp[{const}] = {{.type = {libnl_type}, .minlen = {size}, .maxlen = {size}}};')
        lines.append('\t\treturn p;')
        lines.append('\t}();')
        lines.append('\treturn table.data();')
        lines.append('}')
    lines += ['', '} // namespace cpulab::protocol', '']
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--tools', required=True, help='tools/net/ynl of a kernel tree')
    parser.add_argument('--spec', required=True)
    parser.add_argument('--header', action='store_true')
    parser.add_argument('--policies', action='store_true',
                        help='the reply policies instead of the names')
    parser.add_argument('-o', dest='out', required=True)
    args = parser.parse_args()

    sys.path.insert(0, args.tools)
    from lib import SpecFamily  # the kernel's spec reader, validates too

    family = SpecFamily(args.spec)
    spec_name = 'spec/' + os.path.basename(args.spec)
    text = render_policies(family, spec_name) if args.policies else render(family, spec_name)
    with open(args.out, 'w', encoding='ascii') as out:
        out.write(text)


if __name__ == '__main__':
    main()
