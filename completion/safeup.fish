# fish completion for safeup(8)
# Installed as /usr/share/fish/vendor_completions.d/safeup.fish.

# Prints the words after safeup's global options: the command and its
# arguments, up to (not including) the word being completed. Fails when the
# global options cannot be parsed.
function __safeup_command_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l spec c/config= color= dry-run then= h/help V/version
    if not argparse -s $spec -- $tokens 2>/dev/null
        # The last word may be an option whose value is being completed.
        set -q tokens[1]
        and contains -- $tokens[-1] -c --config --color --then
        or return 1
        set -e tokens[-1]
        argparse -s $spec -- $tokens 2>/dev/null
        or return 1
    end
    string join \n -- $argv
    return 0
end

# True while no command has been given yet.
function __safeup_needs_command
    set -l words (__safeup_command_words)
    or return 1
    test (count $words) -eq 0
end

# True when the command is one of the arguments.
function __safeup_using
    set -l words (__safeup_command_words)
    or return 1
    set -q words[1]
    and contains -- $words[1] $argv
end

# True for keep and rollback while no set id has been given.
function __safeup_needs_id
    set -l words (__safeup_command_words)
    or return 1
    contains -- "$words[1]" keep rollback diff mount backup
    or return 1
    for word in $words[2..-1]
        string match -q -- '-*' $word
        or return 1
    end
end

# The ids of the snapshot sets: from /run/safeup/set-ids, which safeup keeps
# (readable by all, read without starting a program); when it is absent (after
# a reboot), from "safeup status --json", which needs root.
function __safeup_set_ids
    if test -r /run/safeup/set-ids
        while read -l id
            echo $id
        end </run/safeup/set-ids
    else
        safeup --color=never status --json 2>/dev/null |
            string replace -rf '^\s*"id"\s*:\s*"([^"]*)".*' '$1'
    end
end

# Everything after "pacman" is pacman's: complete it with pacman's own
# completion, as "pacman ARGS...".
function __safeup_complete_pacman
    set -l words (__safeup_command_words)
    or return
    __fish_complete_subcommand --commandline $words (commandline -ct)
end

complete -c safeup -f

# Global options, before the command.
complete -c safeup -n __safeup_needs_command -s c -l config -r -F -d 'Configuration file'
complete -c safeup -n __safeup_needs_command -l color -x -a 'auto always never' -d "Colour safeup's own output"
complete -c safeup -n __safeup_needs_command -l dry-run -d 'Print the commands that would change the system'
complete -c safeup -n __safeup_needs_command -l then -x -a 'ask\t"Show the question"
keep\t"Remove the snapshot set"
rollback\t"Merge the snapshot set and reboot"
later\t"Leave the snapshot set pending"' -d 'What to do after pacman'
complete -c safeup -n __safeup_needs_command -s h -l help -d 'Show help and exit'
complete -c safeup -n __safeup_needs_command -s V -l version -d 'Print version information and exit'

# Commands.
complete -c safeup -n __safeup_needs_command -a pacman -d 'Snapshot, run pacman, then keep, roll back or decide later'
complete -c safeup -n __safeup_needs_command -a paru -d 'Snapshot, run paru as the user who ran sudo, then decide'
complete -c safeup -n __safeup_needs_command -a yay -d 'Snapshot, run yay as the user who ran sudo, then decide'
complete -c safeup -n __safeup_needs_command -a keep -d 'Remove the pending snapshot set'
complete -c safeup -n __safeup_needs_command -a rollback -d 'Merge the pending snapshot set and reboot'
complete -c safeup -n __safeup_needs_command -a status -d 'Show each snapshot set'
complete -c safeup -n __safeup_needs_command -a diff -d 'Show what a rollback of a snapshot set would undo'
complete -c safeup -n __safeup_needs_command -a doctor -d 'Check whether safeup can protect this system'
complete -c safeup -n __safeup_needs_command -a boot -d 'Snapshot sets taken at boot, rolling back from the boot menu, and trial boots'
complete -c safeup -n __safeup_needs_command -a mount -d 'Mount a snapshot set read-only at a directory'
complete -c safeup -n __safeup_needs_command -a umount -d 'Unmount a snapshot set safeup mounted'
complete -c safeup -n __safeup_needs_command -a backup -d 'Write a tar archive of a snapshot set'
complete -c safeup -n __safeup_needs_command -a hook -d 'What the pacman hooks run around a transaction'

# pacman: pacman's own completion.
complete -c safeup -n '__safeup_using pacman paru yay' -x -a '(__safeup_complete_pacman)'

# keep, rollback, status, diff, doctor, mount, umount, backup.
complete -c safeup -n '__safeup_using keep rollback status diff doctor mount umount backup' -s h -l help -d 'Show help and exit'
complete -c safeup -n '__safeup_using keep rollback status diff doctor mount umount backup' -s V -l version -d 'Print version information and exit'
complete -c safeup -n __safeup_needs_id -x -a '(__safeup_set_ids)' -d 'Snapshot set'
complete -c safeup -n '__safeup_using rollback' -s y -l yes -d 'Do not ask for confirmation'
complete -c safeup -n '__safeup_using rollback' -l no-reboot -d 'Schedule the merge, but do not reboot'
complete -c safeup -n '__safeup_using rollback' -l without-boot -d 'Do not put /boot back from its saved copy'
complete -c safeup -n '__safeup_using rollback' -l keep -r -F -d 'Carry a file over the rollback as it is now'
complete -c safeup -n '__safeup_using status' -l json -d 'Print a JSON array, one object per set'
complete -c safeup -n '__safeup_using doctor' -l json -d 'Print a JSON object, one entry per check'
complete -c safeup -n '__safeup_using diff' -l json -d 'Print one JSON object'
complete -c safeup -n '__safeup_using diff' -l contents -d 'Compare the contents of files whose size and time agree'
# boot: its own commands, then --root for those that install or read files.
function __safeup_boot_needs_command
    set -l words (__safeup_command_words)
    or return 1
    test "$words[1]" = boot; and test (count $words) -eq 1
end
function __safeup_boot_using
    set -l words (__safeup_command_words)
    or return 1
    test "$words[1]" = boot; and set -q words[2]; and contains -- $words[2] $argv
end
complete -c safeup -n __safeup_boot_needs_command -a enable -d 'Install the boot-time units'
complete -c safeup -n __safeup_boot_needs_command -a disable -d 'Remove the boot-time units'
complete -c safeup -n __safeup_boot_needs_command -a status -d 'Show whether the boot-time units are installed'
complete -c safeup -n __safeup_boot_needs_command -a snapshot -d 'Take a snapshot set now, as at boot'
complete -c safeup -n __safeup_boot_needs_command -a rollback -d 'Roll the newest pending set back and reboot'
complete -c safeup -n __safeup_boot_needs_command -a trial -d 'Count this boot as a trial of the pending set'
complete -c safeup -n __safeup_boot_needs_command -a trial-check -d 'Run the health checks and record this trial'
complete -c safeup -n '__safeup_boot_using enable disable status' -l root -r -a '(__fish_complete_directories)' -d 'Install under a directory instead of /'
complete -c safeup -n '__safeup_using boot' -s h -l help -d 'Show help and exit'
complete -c safeup -n '__safeup_using mount umount' -a '(__fish_complete_directories)'
complete -c safeup -n '__safeup_using backup' -s o -l output -r -F -d 'The archive to write'
# hook: its three commands.
function __safeup_hook_needs_command
    set -l words (__safeup_command_words)
    or return 1
    test "$words[1]" = hook; and test (count $words) -eq 1
end
complete -c safeup -n __safeup_hook_needs_command -a guard -d 'Refuse while a rollback is scheduled'
complete -c safeup -n __safeup_hook_needs_command -a snapshot -d 'Take a snapshot set before the transaction'
complete -c safeup -n __safeup_hook_needs_command -a settled -d 'Record what the transaction left in /boot'
complete -c safeup -n '__safeup_using hook' -s h -l help -d 'Show help and exit'
