# bash completion for safeup(8)                            -*- shell-script -*-
# Installed as /usr/share/bash-completion/completions/safeup.

# The ids of the snapshot sets: from /run/safeup/set-ids, which safeup keeps
# (readable by all, read without starting a program); when it is absent (after
# a reboot), from "safeup status --json", which needs root.
_safeup_set_ids()
{
    if [[ -r /run/safeup/set-ids ]]; then
        echo "$(</run/safeup/set-ids)"
    else
        "$1" --color=never status --json 2>/dev/null |
            sed -n 's/^[[:space:]]*"id"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p'
    fi
}

# The index in COMP_WORDS of safeup's command word (pacman, keep, rollback,
# status, diff, doctor, boot, mount, umount, backup, hook, or a front end such as paru), or nothing. Option values are skipped, so that
# in "--then keep" the
# word keep is not taken for the command. bash splits "--color=never" into
# three words: --color, = and never.
_safeup_command_index()
{
    local i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            -c | --config | --color | --then)
                if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
                    ((i += 2))
                else
                    ((i++))
                fi
                ;;
            -*) ;;
            *)
                printf '%s\n' "$i"
                return
                ;;
        esac
    done
}

_safeup()
{
    local index
    index=$(_safeup_command_index)

    # Everything after "pacman" is pacman's: complete it as pacman would, with
    # pacman's own completion seeing "pacman ARGS..." as its command line; the
    # same for a front end (paru, yay).
    if [[ $index && ${COMP_WORDS[index]} == @(pacman|paru|yay) ]]; then
        if declare -F _comp_command_offset >/dev/null; then
            _comp_command_offset "$index"
        elif declare -F _command_offset >/dev/null; then
            _command_offset "$index"
        else
            COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
        fi
        return
    fi

    local cur prev words cword split
    _init_completion -s || return

    local command=
    [[ $index ]] && command=${COMP_WORDS[index]}

    case $command in
        '')
            case $prev in
                -c | --config)
                    _filedir
                    return
                    ;;
                --color)
                    COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
                    return
                    ;;
                --then)
                    COMPREPLY=($(compgen -W 'ask keep rollback later' -- "$cur"))
                    return
                    ;;
            esac
            $split && return
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '-c --config --color --dry-run --then
                    -h --help -V --version' -- "$cur"))
            else
                COMPREPLY=($(compgen -W 'pacman paru yay keep rollback status diff doctor boot
                    mount umount backup hook' -- "$cur"))
            fi
            ;;
        keep | rollback)
            local options='-h --help -V --version'
            [[ $command == rollback ]] && options+=' -y --yes --no-reboot --without-boot --keep'
            if [[ $command == rollback && $prev == --keep ]]; then
                _filedir
                return
            fi
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$options" -- "$cur"))
                return
            fi
            # One ID at most: offer the sets only while none is given.
            local i
            for ((i = index + 1; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} != -* ]] && return
            done
            COMPREPLY=($(compgen -W "$(_safeup_set_ids "${COMP_WORDS[0]}")" -- "$cur"))
            ;;
        diff)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '--json --contents -h --help -V --version' -- "$cur"))
            elif [[ $cur == /* || $cur == .* || $cur == ~* ]]; then
                _filedir
            else
                COMPREPLY=($(compgen -W "$(_safeup_set_ids "${COMP_WORDS[0]}")" -- "$cur"))
            fi
            ;;
        status | doctor)
            [[ $cur == -* ]] &&
                COMPREPLY=($(compgen -W '--json -h --help -V --version' -- "$cur"))
            ;;
        boot)
            if [[ $prev == --root ]]; then
                _filedir -d
                return
            fi
            # The word after "boot" that is not an option is boot's own command.
            local sub= i
            for ((i = index + 1; i < COMP_CWORD; i++)); do
                if [[ ${COMP_WORDS[i]} != -* && ${COMP_WORDS[i - 1]} != --root ]]; then
                    sub=${COMP_WORDS[i]}
                    break
                fi
            done
            local options='-h --help -V --version'
            if [[ -z $sub ]]; then
                [[ $cur != -* ]] &&
                    options='enable disable status snapshot rollback trial trial-check'
            elif [[ $sub == enable || $sub == disable || $sub == status ]]; then
                options+=' --root'
            fi
            COMPREPLY=($(compgen -W "$options" -- "$cur"))
            ;;
        hook)
            local i
            for ((i = index + 1; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} != -* ]] && return
            done
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '-h --help -V --version' -- "$cur"))
            else
                COMPREPLY=($(compgen -W 'guard snapshot settled' -- "$cur"))
            fi
            ;;
        mount)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '-h --help -V --version' -- "$cur"))
                return
            fi
            # [ID] DIR: a set or a directory first, a directory second.
            local i given=0
            for ((i = index + 1; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} != -* ]] && ((given++))
            done
            ((given >= 2)) && return
            _filedir -d
            ((given == 0)) &&
                COMPREPLY+=($(compgen -W "$(_safeup_set_ids "${COMP_WORDS[0]}")" -- "$cur"))
            ;;
        umount)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '-h --help -V --version' -- "$cur"))
                return
            fi
            _filedir -d
            ;;
        backup)
            case $prev in
                -o | --output)
                    _filedir
                    return
                    ;;
            esac
            $split && return
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W '-o --output -h --help -V --version' -- "$cur"))
                return
            fi
            COMPREPLY=($(compgen -W "$(_safeup_set_ids "${COMP_WORDS[0]}")" -- "$cur"))
            ;;
    esac
} &&
    complete -F _safeup safeup

# ex: filetype=sh
